package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The library's packages depend on each other without cycles, measured with {@code jdeps} on the
 * compiled classes. The root package is the one exception by design: the entry point uses the engine,
 * and everything uses the root's domain values.
 */
class PackageCyclesTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.statusstream\\S*)\\s+->\\s+(dev\\.statusstream\\S*)", Pattern.MULTILINE);

    private static Map<String, Set<String>> dependencies() throws Exception {
        Path classes = Path.of(StatusStream.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var out = new StringWriter();
        int exit = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-filter:none", classes.toString());
        assertEquals(0, exit, out.toString());
        Map<String, Set<String>> edges = new HashMap<>();
        for (Matcher m = EDGE.matcher(out.toString()); m.find(); ) {
            if (!m.group(1).equals(m.group(2))) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return edges;
    }

    /** Whether {@code to} can be reached from {@code from} without passing through {@code avoiding}. */
    private static boolean reaches(Map<String, Set<String>> edges, String from, String to, String avoiding) {
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (next.equals(to)) {
                return true;
            }
            if (!next.equals(avoiding) && seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return false;
    }

    @Test
    void no_package_below_the_root_is_part_of_a_cycle_that_avoids_the_root() throws Exception {
        Map<String, Set<String>> edges = dependencies();
        assertTrue(edges.containsKey("dev.statusstream.store.internal"), "jdeps saw the packages: " + edges);
        Set<String> cyclic = new TreeSet<>();
        for (String p : edges.keySet()) {
            if (!p.equals("dev.statusstream") && reaches(edges, p, p, "dev.statusstream")) {
                cyclic.add(p);
            }
        }
        assertEquals(Set.of(), cyclic, "packages in a cycle: " + edges);
    }
}
