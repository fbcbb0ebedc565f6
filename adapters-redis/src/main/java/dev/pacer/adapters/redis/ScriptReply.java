package dev.pacer.adapters.redis;

import java.util.List;

/** The array a {@link LuaScript} returned: by convention a status word first, then values. */
record ScriptReply(List<Object> values) {

    ScriptReply {
        values = values == null ? List.of() : values;
    }

    String status() {
        return stringAt(0);
    }

    int size() {
        return values.size();
    }

    String stringAt(int index) {
        Object value = values.get(index);
        return value == null ? null : value.toString();
    }

    long longAt(int index) {
        Object value = values.get(index);
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }
}
