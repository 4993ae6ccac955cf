package dev.statusstream.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a server leaves in its data directory for the CLI on the same machine: how to reach its
 * database and itself. Readable only by its owner.
 *
 * @param databaseUrl JDBC URL of the database the server uses
 * @param serverUrl   where the server listens
 */
public record LocalConnection(String databaseUrl, String serverUrl) {
    /** The file name inside the data directory. */
    public static final String FILE = "connection.properties";

    public void write(Path dataDirectory) throws IOException {
        var properties = new Properties();
        properties.setProperty("database-url", databaseUrl);
        properties.setProperty("server-url", serverUrl);
        var text = new StringWriter();
        properties.store(text, "written by status-server at " + Instant.now() + "; read by the status CLI on this machine");
        writeOwnerOnly(dataDirectory, FILE, text.toString());
    }

    /**
     * Replaces {@code dataDirectory/name} with {@code content} in one atomic move, the file readable and
     * writable by its owner only (where the file system has POSIX permissions).
     */
    static void writeOwnerOnly(Path dataDirectory, String name, String content) throws IOException {
        Files.createDirectories(dataDirectory);
        Path temp = dataDirectory.resolve(name + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(temp);
        }
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, dataDirectory.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The connection left in {@code dataDirectory}, if a server wrote one. */
    public static Optional<LocalConnection> read(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        String database = properties.getProperty("database-url");
        return database == null ? Optional.empty()
                : Optional.of(new LocalConnection(database, properties.getProperty("server-url")));
    }
}
