package dev.statusstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.PackageGraph;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The server's packages depend on each other without any cycle, measured with {@code jdeps} on the
 * compiled classes: the root package wires everything and nothing depends on it, and the features
 * ({@code page}, {@code stream}, {@code admin}, ...) share only the HTTP helpers of {@code api}.
 */
class ServerPackageCyclesTest {

    @Test
    void no_package_of_the_server_is_part_of_a_cycle() throws Exception {
        PackageGraph graph = PackageGraph.of(StatusServer.class);
        assertTrue(graph.packages().contains("dev.statusstream.server.stream"), "jdeps saw the packages: " + graph);
        assertEquals(Set.of(), graph.cyclic(null), "packages in a cycle: " + graph);
    }
}
