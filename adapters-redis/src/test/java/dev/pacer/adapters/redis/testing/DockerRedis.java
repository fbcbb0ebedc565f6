package dev.pacer.adapters.redis.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Testcontainers fallback of {@link RedisServerProcess}: the {@code redis:7} image in Docker.
 * Kept in its own class so that modules using {@link RedisServerProcess} with a local binary need
 * no Testcontainers on their test classpath.
 */
final class DockerRedis {

    private final GenericContainer<?> container;

    DockerRedis(String... redisArguments) {
        container = new GenericContainer<>("redis:7")
                .withExposedPorts(6379)
                .withCommand(redisArguments);
        container.start();
    }

    static boolean dockerResponds() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    int port() {
        return container.getMappedPort(6379);
    }

    void stop() {
        container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
    }

    void kill() {
        container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
    }

    /** Starts the stopped container again. NOTE: Docker may map another host port after a restart. */
    void restart() {
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
    }

    void close() {
        container.stop();
    }
}
