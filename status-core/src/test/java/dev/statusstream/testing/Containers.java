package dev.statusstream.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Testcontainers fallback, used only when no service is configured or running and Docker is there. */
final class Containers {
    private Containers() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the test JVM
    static String postgres() {
        var postgres = new PostgreSQLContainer("postgres:15-alpine");
        postgres.start();
        return postgres.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1")
                + (postgres.getJdbcUrl().contains("?") ? "&" : "?")
                + "user=" + postgres.getUsername() + "&password=" + postgres.getPassword();
    }

    @SuppressWarnings("resource") // lives as long as the test JVM
    static String redis() {
        var redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        redis.start();
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }
}
