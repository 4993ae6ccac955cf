package dev.statusstream.internal;

import dev.statusstream.EnvironmentSettings;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a server leaves in its data directory for the CLI on the same machine: where it listens, and
 * the library settings it runs with (its database, Redis, and what shapes its snapshots), so that the
 * CLI writes exactly as the server does. Readable only by its owner: the URLs may carry passwords.
 *
 * @param serverUrl where the server listens, e.g. {@code http://localhost:8080}
 * @param settings  the server's library settings by variable name ({@link EnvironmentSettings#variables})
 */
public record LocalConnection(String serverUrl, Map<String, String> settings) {
    /** The file name inside the data directory. */
    public static final String FILE = "connection.properties";
    private static final String SERVER_URL = "server-url";
    /** Where a server before these settings kept its database URL. */
    private static final String OLD_DATABASE_URL = "database-url";

    public LocalConnection {
        settings = Map.copyOf(settings);
    }

    /** The data directory: {@code STATUS_DATA_DIR}, by default {@code ./status-data}. Server and CLI agree on it. */
    public static Path dataDirectory(EnvironmentSettings settings) {
        return Path.of(settings.string("STATUS_DATA_DIR", "status-data"));
    }

    public void write(Path dataDirectory) throws IOException {
        var properties = new Properties();
        properties.setProperty(SERVER_URL, serverUrl);
        settings.forEach(properties::setProperty);
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
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("STATUS_")) {
                settings.put(name, properties.getProperty(name));
            }
        }
        if (properties.getProperty(OLD_DATABASE_URL) != null) {
            settings.putIfAbsent("STATUS_DATABASE_URL", properties.getProperty(OLD_DATABASE_URL));
        }
        return settings.containsKey("STATUS_DATABASE_URL")
                ? Optional.of(new LocalConnection(properties.getProperty(SERVER_URL), settings)) : Optional.empty();
    }
}
