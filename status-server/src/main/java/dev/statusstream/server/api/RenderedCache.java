package dev.statusstream.server.api;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.statusstream.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every public read rendered once per snapshot version: the page, the history pages, the snapshot JSON,
 * the Statuspage-compatible documents, the feeds and the badge are rendered, compressed (gzip, and brotli
 * where its native encoder loads) and digested the
 * first time a representation (path, query, language) is asked for at a version (and, for the front page,
 * at a step of the clock: see {@link #get(String, long, String, Supplier)}), then served from memory until the next version. A crowd arriving during an outage costs one
 * render per representation, not one per reader, and asks nothing of PostgreSQL.
 *
 * <p>Readers asking for the same representation while it is being rendered wait for that one render. The
 * cache keeps one copy per representation, the newest, and so also holds the last good copy of a read
 * that needs PostgreSQL: when rendering a newer version fails because PostgreSQL is unavailable, the
 * older copy is served rather than an error (see {@link #get}). At most {@code maxBytes} are kept; beyond
 * that the copies used least recently go. Thread-safe.
 */
public final class RenderedCache {
    private static final Logger log = LoggerFactory.getLogger(RenderedCache.class);
    /** Bodies smaller than this are not worth compressing (gzip's own header and trailer are 18 bytes). */
    private static final int COMPRESS_MIN_BYTES = 256;
    /**
     * Brotli's densest setting but one: each copy is compressed once per version, so the time (a few
     * milliseconds for the front page) is spent once, and every reader after it gets the smaller bytes.
     */
    private static final int BROTLI_QUALITY = 10;
    /** Whether brotli4j's native encoder loaded for this platform; without it copies are kept in gzip only. */
    private static final boolean BROTLI = loadBrotli();
    /** The default bound: every representation of a busy page several times over. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    /** The content codings a copy is kept in, from the one preferred when accepted to the fallback. */
    public enum Coding {
        BROTLI("br", "-br"), GZIP("gzip", "-gz"), IDENTITY(null, "");

        private final String token;
        private final String tagSuffix;

        Coding(String token, String tagSuffix) {
            this.token = token;
            this.tagSuffix = tagSuffix;
        }

        /** The {@code Content-Encoding} value; null for identity. */
        public String token() {
            return token;
        }
    }

    /**
     * One representation at one version, ready to send: its bytes in each coding, as read-only direct
     * buffers (Jetty hands them to the socket without first copying them out of the heap).
     *
     * @param version     the snapshot version it was rendered from
     * @param contentType its {@code Content-Type}
     * @param digest      a digest of the identity bytes: equal bytes give equal digests on every node
     * @param bodies      the bytes in each coding kept; identity always, gzip and brotli when smaller
     */
    public record Rendered(long version, String contentType, String digest, Map<Coding, ByteBuffer> bodies) {
        public Rendered {
            bodies = Map.copyOf(bodies);
        }

        /** The strong {@code ETag} of this copy in {@code coding}: the version, the digest, and the coding. */
        public String etag(Coding coding) {
            return "\"" + version + "-" + digest + coding.tagSuffix + "\"";
        }

        /** The body in {@code coding} (which must be kept), a view of its own over the shared bytes. */
        public ByteBuffer body(Coding coding) {
            return bodies.get(coding).duplicate();
        }

        /** Whether the body is kept in {@code coding}. */
        public boolean has(Coding coding) {
            return bodies.containsKey(coding);
        }

        /** The bytes in {@code coding}, copied (for tests and tools). */
        public byte[] bytes(Coding coding) {
            ByteBuffer body = body(coding);
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            return bytes;
        }

        int size() {
            return bodies.values().stream().mapToInt(ByteBuffer::capacity).sum();
        }

        /** Renders {@code body} into a copy: its UTF-8 bytes, their compressed forms and their digest. */
        public static Rendered of(long version, String contentType, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Map<Coding, ByteBuffer> bodies = new EnumMap<>(Coding.class);
            bodies.put(Coding.IDENTITY, direct(bytes));
            if (bytes.length >= COMPRESS_MIN_BYTES) {
                byte[] gzip = gzip(bytes);
                if (gzip.length < bytes.length) {
                    bodies.put(Coding.GZIP, direct(gzip));
                }
                byte[] brotli = brotli(bytes);
                if (brotli != null && brotli.length < bytes.length) {
                    bodies.put(Coding.BROTLI, direct(brotli));
                }
            }
            return new Rendered(version, contentType, digestOf(bytes), bodies);
        }

        private static ByteBuffer direct(byte[] bytes) {
            return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        }
    }

    private static final class Slot {
        final Rendered rendered;
        final String moment;
        volatile long used;

        Slot(Rendered rendered, String moment, long used) {
            this.rendered = rendered;
            this.moment = moment;
            this.used = used;
        }

        boolean serves(long version, String moment) {
            return rendered.version() > version || rendered.version() == version && this.moment.equals(moment);
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
        return get(representation, version, "", render);
    }

    /**
     * The copy of {@code representation} at {@code version} and {@code moment}, for a representation that
     * also moves with time (the front page's uptime bars, drawn as of a coarse step of the clock): as
     * {@link #get(String, long, Supplier)}, except that a copy of the same version drawn at another moment
     * is rendered again, and the new copy takes the old one's place (one slot per representation, so past
     * moments take no room).
     *
     * @param moment what the copy depends on besides the version, the same on every node (e.g. the step it is drawn as of)
     */
    public Rendered get(String representation, long version, String moment, Supplier<Rendered> render) {
        Slot slot = slots.get(representation);
        if (slot != null && slot.serves(version, moment)) {
            slot.used = clock.incrementAndGet();
            return slot.rendered;
        }
        String key = version + "|" + moment + "|" + representation;
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
            // a render of this key may have finished between the look at the slot and the claim of the key
            Slot done = slots.get(representation);
            if (done != null && done.serves(version, moment)) {
                mine.complete(done.rendered);
                return done.rendered;
            }
            Rendered fresh = render.get();
            renders.incrementAndGet();
            keep(representation, moment, fresh);
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

    /**
     * The copy of {@code representation} at {@code version} when one is kept already, else null: what
     * {@link #get(String, long, Supplier)} returns without rendering or waiting for a render.
     */
    public Rendered kept(String representation, long version) {
        Slot slot = slots.get(representation);
        if (slot != null && slot.serves(version, "")) {
            slot.used = clock.incrementAndGet();
            return slot.rendered;
        }
        return null;
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

    private void keep(String representation, String moment, Rendered fresh) {
        var slot = new Slot(fresh, moment, clock.incrementAndGet());
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

    private static boolean loadBrotli() {
        try {
            Brotli4jLoader.ensureAvailability();
            return true;
        } catch (Throwable e) {
            log.info("no brotli encoder for this platform ({}); public reads are kept in gzip only", e.toString());
            return false;
        }
    }

    private static byte[] brotli(byte[] bytes) {
        if (!BROTLI) {
            return null;
        }
        try {
            return Encoder.compress(bytes, new Encoder.Parameters().setQuality(BROTLI_QUALITY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
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
