package dev.statusstream.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that start processes of their own (server nodes, Redis, PostgreSQL, nginx): the
 * module's tests run in two JVMs, and two such classes at once would start JVMs and servers on the same
 * two cores and starve each other's processes past their timeouts. A class with this extension holds a
 * file lock from before its first test to after its last, so these classes take turns across the JVMs
 * while in-process classes run beside them.
 */
public final class ProcessClassesTakeTurns implements BeforeAllCallback, AfterAllCallback {
    private static final Path LOCK = Path.of("target", "process-classes.lock").toAbsolutePath();
    private static final ExtensionContext.Namespace HELD = ExtensionContext.Namespace.create(ProcessClassesTakeTurns.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Files.createDirectories(LOCK.getParent());
        FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            context.getStore(HELD).put(FileLock.class, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FileLock lock = context.getStore(HELD).remove(FileLock.class, FileLock.class);
        if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release " + LOCK, e);
            }
        }
    }
}
