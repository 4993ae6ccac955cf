package dev.statusstream.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The admin token a server with the embedded database generates when none is configured, kept in its
 * data directory in a file only its owner can read, so the CLI on the same machine can use the admin
 * API ({@code status --server http://localhost:8080 ...}) with nothing to set up. Not thread-safe
 * across processes beyond what an atomic file move gives.
 */
public final class LocalAdminToken {
    /** The file name inside the data directory. */
    public static final String FILE = "admin-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalAdminToken() {
    }

    /** The token in {@code dataDirectory}, created (256 random bits) when there is none yet. */
    public static String readOrCreate(Path dataDirectory) throws IOException {
        Optional<String> existing = read(dataDirectory);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        LocalConnection.writeOwnerOnly(dataDirectory, FILE, token + "\n");
        return token;
    }

    /** The token a local server left in {@code dataDirectory}, if any. */
    public static Optional<String> read(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** True when users other than the owner may read {@code file} (false where POSIX permissions do not exist). */
    public static boolean readableByOthers(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
