package dev.pacer.adapters.redis;

import static dev.pacer.application.fixtures.Messages.aMessage;
import static dev.pacer.application.fixtures.Messages.conversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.port.Claim;
import dev.pacer.application.port.Lease;
import dev.pacer.application.port.LeaseLostException;
import dev.pacer.application.port.StoreUnavailableException;
import dev.pacer.domain.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

/**
 * Fencing tokens stay unique when Redis loses its latest writes, as after a crash with {@code
 * appendfsync everysec} or a failover to a replica that lagged behind.
 */
class FencingTokenTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    /** Lua 5.1 numbers are doubles, and 2^53 - 1 is the largest integer that a double and its successor both represent exactly. */
    private static final long MAX_EXACT_LUA_INTEGER = (1L << 53) - 1;

    private RedisServerProcess server;
    private RedisSettings settings;
    private RedisKeys keys;
    private RedissonClient client;
    private RedisStore store;

    @BeforeEach
    void start() {
        server = RedisServerProcess.start();
        settings = RedisStorePorts.settings(server, 4).withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1), 1);
        keys = new RedisKeys(settings.keyPrefix(), settings.shards());
        client = RedisClients.create(settings);
        store = new RedisStore(client, settings);
    }

    @AfterEach
    void stop() {
        try {
            store.close();
            client.shutdown();
        } finally {
            server.close();
        }
    }

    @Test
    void staleLeaseRejectedAfterLostClaim() throws Exception {
        Message message = aMessage("u1", "hello");
        store.queue().enqueue(message, 10);
        server.command("SAVE");
        Claim stale = store.queue().claim(1, TTL).getFirst();

        // The snapshot predates the claim, so the restarted server has lost it, counter included.
        server.kill();
        server.restart();
        Claim current = claimAfterRestart();

        assertThat(current.lease().token()).isNotEqualTo(stale.lease().token());
        assertThatThrownBy(() -> store.queue().acknowledge(stale.lease(), message, "stale reply"))
                .isInstanceOf(LeaseLostException.class);
        assertThat(store.queue().pending(conversation("u1"))).containsExactly(message);
        assertThat(store.history().recent(conversation("u1"), 10)).isEmpty();
        assertThat(store.queue().acknowledge(current.lease(), message, "reply")).isEmpty();
    }

    @Test
    void tokensOfAShardGrowWithEveryGrant() {
        for (int i = 0; i < 20; i++) {
            store.queue().enqueue(aMessage("user" + i, "hello"), 10);
        }

        // The first call grants several leases in one script, the later calls one lease each.
        List<Lease> leases = new ArrayList<>();
        List<Claim> claims = store.queue().claim(8, TTL);
        while (!claims.isEmpty()) {
            claims.forEach(claim -> leases.add(claim.lease()));
            claims = store.queue().claim(1, TTL);
        }

        assertThat(leases).hasSize(20);
        Map<Integer, List<Long>> tokensByShard = new TreeMap<>();
        for (Lease lease : leases) {
            tokensByShard.computeIfAbsent(keys.shardOf(lease.conversation()), shard -> new ArrayList<>()).add(lease.token());
        }
        tokensByShard.forEach((shard, tokens) ->
                assertThat(tokens).as("tokens of shard %d in grant order", shard).isSorted().doesNotHaveDuplicates());
    }

    @Test
    void tokenNearTwoToThe53RoundTripsExactly() {
        Message message = aMessage("u1", "hello");
        int shard = keys.shardOf(message.conversation());
        long maxCounter = (MAX_EXACT_LUA_INTEGER - RedisConversationQueue.TOKEN_SALT_RANGE + 1)
                / RedisConversationQueue.TOKEN_SALT_RANGE;
        server.command("SET", keys.fence(shard), Long.toString(maxCounter - 1));
        store.queue().enqueue(message, 10);

        Claim claim = store.queue().claim(1, TTL).getFirst();

        long token = claim.lease().token();
        assertThat(token / RedisConversationQueue.TOKEN_SALT_RANGE).isEqualTo(maxCounter);
        assertThat(token).isLessThanOrEqualTo(MAX_EXACT_LUA_INTEGER);
        assertThat(server.command("HGET", keys.lease(shard), RedisKeys.member(message.conversation())))
                .isEqualTo(Long.toString(token));
        store.queue().renew(claim.lease());
        assertThat(store.queue().acknowledge(claim.lease(), message, "reply")).isEmpty();
    }

    @Test
    void exhaustedCounterFailsTheClaim() {
        Message message = aMessage("u1", "hello");
        int shard = keys.shardOf(message.conversation());
        long maxCounter = (MAX_EXACT_LUA_INTEGER - RedisConversationQueue.TOKEN_SALT_RANGE + 1)
                / RedisConversationQueue.TOKEN_SALT_RANGE;
        server.command("SET", keys.fence(shard), Long.toString(maxCounter));
        store.queue().enqueue(message, 10);

        assertThatThrownBy(() -> store.queue().claim(1, TTL))
                .isInstanceOf(RedisException.class)
                .hasMessageContaining("fence counter");
        assertThat(store.queue().pending(message.conversation())).containsExactly(message);
    }

    /** Claims until the restarted server replies and this instance's schedule view marks the shard as due again. */
    private Claim claimAfterRestart() throws InterruptedException {
        List<Claim> claims = new ArrayList<>();
        Eventually.await("the conversation is claimed again", Duration.ofSeconds(20), () -> {
            try {
                claims.addAll(store.queue().claim(1, TTL));
            } catch (StoreUnavailableException e) {
                // Redisson is still reconnecting.
            }
            return !claims.isEmpty();
        }, () -> "nothing claimed yet");
        return claims.getFirst();
    }
}
