package dev.statusstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.engine.internal.Engine;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the library's API what it says: every public type outside an {@code internal} package lives in
 * {@code dev.statusstream}, and no public or protected signature of those types mentions an internal
 * type or a third-party type other than Lettuce's {@code RedisClient} (Jackson, JDBI, HikariCP stay
 * implementation details a host never has to see).
 *
 * <p>A test rather than a {@code module-info}: hosts put the jar on the class path, where a module
 * descriptor is ignored; the server is shaded into one class-path jar; and the server and CLI use a few
 * internal classes, which a module would have to export to them by name.
 */
class PublicApiTest {
    private static final Set<String> ALLOWED_THIRD_PARTY = Set.of("io.lettuce.core.RedisClient");

    @Test
    void public_types_live_only_in_the_root_package_or_in_internal_packages() throws Exception {
        List<String> misplaced = new ArrayList<>();
        for (Class<?> type : compiledTypes()) {
            if (isApi(type) && !type.getPackageName().equals("dev.statusstream")) {
                misplaced.add(type.getName());
            }
        }
        assertEquals(List.of(), misplaced, "public types outside dev.statusstream and its internal packages");
    }

    @Test
    void no_public_signature_mentions_an_internal_or_third_party_type() throws Exception {
        List<Class<?>> api = compiledTypes().stream().filter(PublicApiTest::isApi).toList();
        assertTrue(api.size() > 20, "found only " + api.size() + " API types; is the class scan broken?");
        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : api) {
            leaks.addAll(leaks(type));
        }
        assertEquals(Set.of(), leaks, "API signatures that expose implementation types");
    }

    @Test
    void the_check_catches_a_leak() {
        assertEquals(Set.of(
                "dev.statusstream.PublicApiTest$Leaky.engine() mentions dev.statusstream.engine.internal.Engine",
                "dev.statusstream.PublicApiTest$Leaky.mapper mentions com.fasterxml.jackson.databind.ObjectMapper"),
                leaks(Leaky.class));
    }

    /** A deliberately leaky type: the check must report both members and nothing else. */
    @SuppressWarnings("unused")
    public static final class Leaky {
        public com.fasterxml.jackson.databind.ObjectMapper mapper;

        public Engine engine() {
            return null;
        }

        public List<? extends Snapshot> fine(StatusStream.Builder builder, io.lettuce.core.RedisClient client) {
            return List.of();
        }

        private Engine hidden() {
            return null;
        }
    }

    /** Every member signature of {@code type} visible to a host, described with the offending type. */
    static Set<String> leaks(Class<?> type) {
        Set<String> found = new TreeSet<>();
        String owner = type.getName();
        check(found, owner + " (supertype)", type.getGenericSuperclass());
        for (Type t : type.getGenericInterfaces()) {
            check(found, owner + " (supertype)", t);
        }
        for (TypeVariable<?> v : type.getTypeParameters()) {
            check(found, owner + " (type parameter)", v);
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                check(found, owner + "." + c.getName(), c.getGenericType());
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers())) {
                check(found, owner + "." + f.getName(), f.getGenericType());
            }
        }
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
        executables.addAll(List.of(type.getDeclaredMethods()));
        for (Executable e : executables) {
            if (!visible(e.getModifiers()) || e.isSynthetic() || (e instanceof Method m && m.isBridge())) {
                continue;
            }
            String where = owner + "." + (e instanceof Method ? e.getName() : "<init>") + "()";
            if (e instanceof Method m) {
                check(found, where, m.getGenericReturnType());
            }
            for (Type t : e.getGenericParameterTypes()) {
                check(found, where, t);
            }
            for (Type t : e.getGenericExceptionTypes()) {
                check(found, where, t);
            }
            for (TypeVariable<?> v : e.getTypeParameters()) {
                check(found, where, v);
            }
        }
        return found;
    }

    private static void check(Set<String> found, String where, Type type) {
        check(found, where, type, new java.util.HashSet<>());
    }

    private static void check(Set<String> found, String where, Type type, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        switch (type) {
            case Class<?> c -> {
                Class<?> base = c;
                while (base.isArray()) {
                    base = base.getComponentType();
                }
                if (!allowed(base)) {
                    found.add(where + " mentions " + base.getName());
                }
            }
            case ParameterizedType p -> {
                check(found, where, p.getRawType(), seen);
                for (Type arg : p.getActualTypeArguments()) {
                    check(found, where, arg, seen);
                }
            }
            case WildcardType w -> {
                Stream.of(w.getUpperBounds()).forEach(b -> check(found, where, b, seen));
                Stream.of(w.getLowerBounds()).forEach(b -> check(found, where, b, seen));
            }
            case GenericArrayType a -> check(found, where, a.getGenericComponentType(), seen);
            case TypeVariable<?> v -> Stream.of(v.getBounds()).forEach(b -> check(found, where, b, seen));
            default -> found.add(where + " mentions an unknown kind of type " + type);
        }
    }

    private static boolean allowed(Class<?> c) {
        if (c.isPrimitive()) {
            return true;
        }
        String pkg = c.getPackageName();
        if (pkg.startsWith("java.") || pkg.equals("javax.sql")) {
            return true;
        }
        if (pkg.startsWith("dev.statusstream")) {
            return isApi(c);
        }
        return ALLOWED_THIRD_PARTY.contains(c.getName());
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean isInternal(String pkg) {
        return pkg.matches("(.+\\.)?internal(\\..+)?");
    }

    /** A type a host can name: public (nested in public types all the way out) and not internal. */
    static boolean isApi(Class<?> c) {
        if (isInternal(c.getPackageName()) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        for (Class<?> t = c; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** Every class compiled from src/main/java, loaded without initialising it. */
    private static List<Class<?>> compiledTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(StatusStream.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
                    types.add(Class.forName(name, false, PublicApiTest.class.getClassLoader()));
                }
            }
        }
        return types;
    }
}
