package dev.pacer.adapters.http;

import dev.pacer.application.port.StoreUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A switch that makes wrapped store ports throw {@link StoreUnavailableException}, as an unreachable Redis does. */
final class Outage {

    private volatile boolean active;

    void start() {
        active = true;
    }

    boolean active() {
        return active;
    }

    /** Returns {@code target} behind the switch: every port method throws while the outage is active. */
    <T> T wrap(Class<T> port, T target) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            if (active && method.getDeclaringClass() == port) {
                throw new StoreUnavailableException("store unreachable (simulated outage)", null);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return port.cast(proxy);
    }
}
