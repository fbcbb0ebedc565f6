package dev.pacer.adapters.redis;

import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Runs {@link LuaScript}s with string arguments and replies. Redisson sends each script by its
 * SHA-1 digest (EVALSHA) and loads it again when Redis replies NOSCRIPT, as after a restart.
 */
final class ScriptRunner {

    private final RScript script;

    ScriptRunner(RedissonClient client) {
        this.script = client.getScript(StringCodec.INSTANCE);
    }

    /**
     * Runs a script that returns an array. The first key routes the call to its Redis Cluster
     * node; every argument is sent as its {@code toString()}.
     */
    ScriptReply run(LuaScript lua, List<Object> keys, Object... args) {
        List<Object> values = StoreCalls.call(lua.fileName(), () ->
                script.eval(keys.getFirst().toString(), RScript.Mode.READ_WRITE, lua.source(), RScript.ReturnType.LIST, keys, args));
        return new ScriptReply(values);
    }

    /** Runs a script that returns one integer. */
    long runForLong(LuaScript lua, List<Object> keys, Object... args) {
        Long result = StoreCalls.call(lua.fileName(), () ->
                script.eval(keys.getFirst().toString(), RScript.Mode.READ_WRITE, lua.source(), RScript.ReturnType.LONG, keys, args));
        return result;
    }
}
