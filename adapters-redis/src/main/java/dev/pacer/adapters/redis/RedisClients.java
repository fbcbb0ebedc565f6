package dev.pacer.adapters.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.SingleServerConfig;

/** Creates the Redisson client for {@link RedisSettings}, tuned to fail fast when Redis is down. */
public final class RedisClients {

    private RedisClients() {}

    /**
     * Creates a client for the single server in the settings' URL. Connections open lazily, so the
     * client is created even while Redis is down and the first command reports the outage.
     */
    public static RedissonClient create(RedisSettings settings) {
        return Redisson.create(config(settings));
    }

    /** Builds the Redisson configuration: short timeouts, few retries, EVALSHA with a script cache. */
    public static Config config(RedisSettings settings) {
        URI uri = URI.create(settings.url());

        Config config = new Config();
        config.setUseScriptCache(true);
        config.setLazyInitialization(true);

        // NOTE: only a single server is supported. A Redis Cluster needs useClusterServers() here,
        // and the claim and repair scripts would have to declare the queue keys they now derive.
        SingleServerConfig server = config.useSingleServer()
                .setAddress(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort())
                .setConnectTimeout(millis(settings.connectTimeout().toMillis()))
                .setTimeout(millis(settings.commandTimeout().toMillis()))
                .setRetryAttempts(settings.retryAttempts())
                .setRetryDelay(new ConstantDelay(settings.commandTimeout().dividedBy(4)))
                .setSubscriptionTimeout(millis(settings.commandTimeout().toMillis()))
                .setPingConnectionInterval(millis(settings.commandTimeout().toMillis()))
                .setClientName("pacer");
        applyCredentials(server, uri.getRawUserInfo());
        applyDatabase(server, uri.getPath());
        return config;
    }

    private static void applyCredentials(SingleServerConfig server, String rawUserInfo) {
        if (rawUserInfo == null || rawUserInfo.isEmpty()) {
            return;
        }
        int colon = rawUserInfo.indexOf(':');
        if (colon < 0) {
            server.setPassword(decode(rawUserInfo));
            return;
        }
        String user = decode(rawUserInfo.substring(0, colon));
        if (!user.isEmpty()) {
            server.setUsername(user);
        }
        server.setPassword(decode(rawUserInfo.substring(colon + 1)));
    }

    private static void applyDatabase(SingleServerConfig server, String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return;
        }
        try {
            server.setDatabase(Integer.parseInt(path.substring(1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Redis URL path must be a database number such as /0: " + path, e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static int millis(long value) {
        return Math.toIntExact(value);
    }
}
