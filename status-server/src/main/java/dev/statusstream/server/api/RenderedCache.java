package dev.statusstream.server.api;

import dev.statusstream.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Every public read rendered once per snapshot version: the page, the history pages, the snapshot JSON,
 * the Statuspage-compatible documents, the feeds and the badge are rendered, compressed and digested the
 * first time a representation (path, query, language, and for the front page the UTC day) is asked for at
 * a version, then served from memory until the next version. A crowd arriving during an outage costs one
 * render per representation, not one per reader, and asks nothing of PostgreSQL.
 *
 * <p>Readers asking for the same representation while it is being rendered wait for that one render. The
 * cache keeps one copy per representation, the newest, and so also holds the last good copy of a read
 * that needs PostgreSQL: when rendering a newer version fails because PostgreSQL is unavailable, the
 * older copy is served rather than an error (see {@link #get}). At most {@code maxBytes} are kept; beyond
 * that the copies used least recently go. Thread-safe.
 */
public final class RenderedCache {
    /** Bodies smaller than this are not worth compressing (gzip's own header and trailer are 18 bytes). */
    private static final int GZIP_MIN_BYTES = 256;
    /** The default bound: every representation of a busy page several times over. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    /**
     * One representation at one version, ready to send.
     *
     * @param version     the snapshot version it was rendered from
     * @param contentType its {@code Content-Type}
     * @param identity    the bytes as rendered
     * @param gzip        the same, gzip-compressed; null when that would not be smaller
     * @param digest      a digest of {@code identity}: equal bytes give equal digests on every node
     */
    public record Rendered(long version, String contentType, byte[] identity, byte[] gzip, String digest,
            ByteBuffer identityBuffer, ByteBuffer gzipBuffer) {
        /**
         * The bodies also as read-only direct buffers, which Jetty hands to the socket without first copying
         * them out of the heap.
         */
        public Rendered(long version, String contentType, byte[] identity, byte[] gzip, String digest) {
            this(version, contentType, identity, gzip, digest, direct(identity), gzip == null ? null : direct(gzip));
        }

        /** The body to send, a view of its own (position and limit) over the shared bytes. */
        public ByteBuffer body(boolean gzipped) {
            return (gzipped ? gzipBuffer : identityBuffer).duplicate();
        }

        private static ByteBuffer direct(byte[] bytes) {
            return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        }

        /** The strong {@code ETag} of this copy in the content coding chosen: the version, the digest, and the coding. */
        public String etag(boolean gzipped) {
            return "\"" + version + "-" + digest + (gzipped ? "-gz" : "") + "\"";
        }

        int size() {
            return identity.length + (gzip == null ? 0 : gzip.length);
        }

        /** Renders {@code body} into a copy: UTF-8 bytes, their gzip form and their digest. */
        public static Rendered of(long version, String contentType, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            byte[] compressed = bytes.length < GZIP_MIN_BYTES ? null : compress(bytes);
            return new Rendered(version, contentType, bytes,
                    compressed != null && compressed.length < bytes.length ? compressed : null, digestOf(bytes));
        }
    }

    private static final class Slot {
        final Rendered rendered;
        volatile long used;

        Slot(Rendered rendered, long used) {
            this.rendered = rendered;
            this.used = used;
        }
    }

    private final long maxBytes;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Rendered>> rendering = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong renders = new AtomicLong();
    private final AtomicLong staleServed = new AtomicLong();

    public RenderedCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The copy of {@code representation} at {@code version}: from memory when it was rendered at this
     * version (or a newer one) already, else rendered now by {@code render}, once however many readers
     * ask at the same time.
     *
     * @param render renders the representation; it runs at most once per representation and version at a time
     * @throws UnavailableException when rendering needs PostgreSQL, it is unavailable, and no earlier copy is kept
     * @throws RuntimeException     whatever else {@code render} throws (nothing is kept then)
     */
    public Rendered get(String representation, long version, Supplier<Rendered> render) {
        Slot slot = slots.get(representation);
        if (slot != null && slot.rendered.version() >= version) {
            slot.used = clock.incrementAndGet();
            return slot.rendered;
        }
        String key = version + "|" + representation;
        var mine = new CompletableFuture<Rendered>();
        CompletableFuture<Rendered> running = rendering.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return await(running);
            } catch (UnavailableException e) {
                if (slot != null) {
                    staleServed.incrementAndGet();
                    return slot.rendered;
                }
                throw e;
            }
        }
        try {
            Rendered fresh = render.get();
            renders.incrementAndGet();
            keep(representation, fresh);
            mine.complete(fresh);
            return fresh;
        } catch (UnavailableException e) {
            mine.completeExceptionally(e);
            if (slot != null) {
                staleServed.incrementAndGet();
                return slot.rendered;
            }
            throw e;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            rendering.remove(key, mine);
        }
    }

    /** How many renders this cache has made (each representation once per version when all goes well). */
    public long renders() {
        return renders.get();
    }

    /** How many times an older copy was served because PostgreSQL was unavailable to render a newer one. */
    public long staleServed() {
        return staleServed.get();
    }

    /** The bytes held now. */
    public long bytes() {
        return bytes.get();
    }

    private void keep(String representation, Rendered fresh) {
        var slot = new Slot(fresh, clock.incrementAndGet());
        Slot old = slots.get(representation);
        while (old == null || old.rendered.version() <= fresh.version()) {
            boolean replaced = old == null ? slots.putIfAbsent(representation, slot) == null
                    : slots.replace(representation, old, slot);
            if (replaced) {
                bytes.addAndGet(fresh.size() - (old == null ? 0 : old.rendered.size()));
                break;
            }
            old = slots.get(representation);
        }
        if (bytes.get() > maxBytes) {
            evict();
        }
    }

    /** Drops the least recently used copies until a quarter of the room is free again. */
    private synchronized void evict() {
        List<Map.Entry<String, Slot>> all = new ArrayList<>(slots.entrySet());
        all.sort(Comparator.comparingLong(e -> e.getValue().used));
        for (var entry : all) {
            if (bytes.get() <= maxBytes * 3 / 4) {
                return;
            }
            if (slots.remove(entry.getKey(), entry.getValue())) {
                bytes.addAndGet(-entry.getValue().rendered.size());
            }
        }
    }

    private static Rendered await(CompletableFuture<Rendered> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static byte[] compress(byte[] bytes) {
        var out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (var gzip = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String digestOf(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
