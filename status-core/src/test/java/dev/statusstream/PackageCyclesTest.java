package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.testing.PackageGraph;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The library's packages depend on each other without cycles, measured with {@code jdeps} on the
 * compiled classes. The root package is the one exception by design: the entry point uses the engine,
 * and everything uses the root's domain values.
 */
class PackageCyclesTest {

    @Test
    void no_package_below_the_root_is_part_of_a_cycle_that_avoids_the_root() throws Exception {
        PackageGraph graph = PackageGraph.of(StatusStream.class);
        assertTrue(graph.packages().contains("dev.statusstream.store.internal"), "jdeps saw the packages: " + graph);
        assertEquals(Set.of(), graph.cyclic("dev.statusstream"), "packages in a cycle: " + graph);
    }
}
