package dev.pacer.adapters.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The store's Lua scripts, each loaded from its resource file with the shared helpers of {@code
 * common.lua} in front. Every multi-step change to Redis is one of these, so it happens whole or
 * not at all.
 */
enum LuaScript {
    ENQUEUE("enqueue.lua"),
    CLAIM("claim.lua"),
    RENEW("renew.lua"),
    ACKNOWLEDGE("acknowledge.lua"),
    RETRY_LATER("retry_later.lua"),
    DEAD_LETTER("dead_letter.lua"),
    RELEASE("release.lua"),
    REPLAY("replay.lua"),
    DELETE_DEAD_LETTER("delete_dead_letter.lua"),
    REPAIR("repair.lua");

    private final String fileName;
    private final String source;

    LuaScript(String fileName) {
        this.fileName = fileName;
        this.source = read("common.lua") + "\n" + read(fileName);
    }

    String fileName() {
        return fileName;
    }

    String source() {
        return source;
    }

    private static String read(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Lua script resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read Lua script resource " + name, e);
        }
    }
}
