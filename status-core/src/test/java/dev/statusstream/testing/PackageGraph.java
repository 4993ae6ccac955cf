package dev.statusstream.testing;

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

/**
 * Which packages of a module's compiled classes depend on which, as {@code jdeps} reads them, and
 * which of them take part in a cycle.
 */
public final class PackageGraph {
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.statusstream\\S*)\\s+->\\s+(dev\\.statusstream\\S*)",
            Pattern.MULTILINE);

    private final Map<String, Set<String>> edges;

    private PackageGraph(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    /** The graph of the classes {@code member} was loaded from (a module's classes folder or jar). */
    public static PackageGraph of(Class<?> member) throws Exception {
        Path classes = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        var out = new StringWriter();
        int exit = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-filter:none", classes.toString());
        if (exit != 0) {
            throw new IllegalStateException("jdeps failed: " + out);
        }
        Map<String, Set<String>> edges = new HashMap<>();
        for (Matcher m = EDGE.matcher(out.toString()); m.find(); ) {
            if (!m.group(1).equals(m.group(2))) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return new PackageGraph(edges);
    }

    /** Packages that depend on another package of the same classes. */
    public Set<String> packages() {
        return edges.keySet();
    }

    /** The packages that can reach themselves without passing through {@code avoiding} (null: through any). */
    public Set<String> cyclic(String avoiding) {
        Set<String> cyclic = new TreeSet<>();
        for (String p : edges.keySet()) {
            if (!p.equals(avoiding) && reaches(p, p, avoiding)) {
                cyclic.add(p);
            }
        }
        return cyclic;
    }

    private boolean reaches(String from, String to, String avoiding) {
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

    @Override
    public String toString() {
        return new TreeSet<>(edges.entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue()).toList()).toString();
    }
}
