package dev.pacer.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.adapters.redis.testing.RedisServerProcess;
import dev.pacer.application.fixtures.Messages;
import dev.pacer.application.port.Claim;
import dev.pacer.domain.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

class ScriptFlushTest {

    @Test
    void claimingResumesAfterScriptFlush() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            RedisSettings settings = RedisStorePorts.settings(server, 4).withScheduleRefresh(Duration.ofMillis(100));
            RedissonClient client = RedisClients.create(settings);
            try (RedisStore store = new RedisStore(client, settings)) {
                Message first = Messages.aMessage("u1", "before the flush");
                store.queue().enqueue(first, 10);
                Claim claim = store.queue().claim(1, Duration.ofSeconds(30)).getFirst();
                store.queue().acknowledge(claim.lease(), first, "ok");

                server.command("SCRIPT", "FLUSH");
                Message second = Messages.aMessage("u2", "after the flush");
                store.queue().enqueue(second, 10);
                Thread.sleep(300);
                List<Claim> claims = store.queue().claim(1, Duration.ofSeconds(30));

                assertThat(claims).extracting(c -> c.lease().conversation()).containsExactly(second.conversation());
            } finally {
                client.shutdown();
            }
        }
    }
}
