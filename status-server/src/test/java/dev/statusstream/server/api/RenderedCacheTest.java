package dev.statusstream.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statusstream.UnavailableException;
import dev.statusstream.server.api.RenderedCache.Coding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache alone: one render per representation and version, stale copies only for an unavailable PostgreSQL, a bound. */
class RenderedCacheTest {

    @Test
    void readers_arriving_together_share_one_render() throws Exception {
        var cache = new RenderedCache(RenderedCache.DEFAULT_MAX_BYTES);
        var renders = new AtomicInteger();
        var release = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RenderedCache.Rendered>> readers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                readers.add(pool.submit(() -> cache.get("page/|en", 7, () -> {
                    renders.incrementAndGet();
                    await(release);
                    return RenderedCache.Rendered.of(7, "text/html", "<p>" + "x".repeat(1000) + "</p>");
                })));
            }
            // let every reader reach the cache before the render may finish
            while (renders.get() == 0) {
                Thread.onSpinWait();
            }
            release.countDown();
            RenderedCache.Rendered first = readers.getFirst().get(10, TimeUnit.SECONDS);
            for (var reader : readers) {
                assertSame(first, reader.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(1, renders.get());
        assertEquals(1, cache.renders());
        assertSame(cache.get("page/|en", 7, () -> {
            throw new AssertionError("rendered again");
        }), cache.get("page/|en", 7, () -> null));
    }

    @Test
    void a_newer_version_is_rendered_again_and_an_unavailable_postgres_gets_the_last_copy() {
        var cache = new RenderedCache(RenderedCache.DEFAULT_MAX_BYTES);
        var old = cache.get("page/history|en", 3, () -> RenderedCache.Rendered.of(3, "text/html", "three"));
        var fresh = cache.get("page/history|en", 4, () -> RenderedCache.Rendered.of(4, "text/html", "four"));
        assertEquals(4, fresh.version());
        assertSame(fresh, cache.get("page/history|en", 5, () -> {
            throw new UnavailableException("PostgreSQL is down", null);
        }), "the last copy while PostgreSQL is down");
        assertEquals(1, cache.staleServed());
        assertThrows(UnavailableException.class, () -> cache.get("page/history|ja", 5, () -> {
            throw new UnavailableException("PostgreSQL is down", null);
        }), "nothing to fall back on");
        assertThrows(IllegalStateException.class, () -> cache.get("page/history|en", 6, () -> {
            throw new IllegalStateException("a bug");
        }), "other failures are not hidden");
        assertEquals(3, old.version());
    }

    @Test
    void it_keeps_the_copies_used_last_within_its_bound() {
        var cache = new RenderedCache(40_000);
        for (int i = 0; i < 20; i++) {
            int n = i;
            cache.get("page/" + i, 1, () -> RenderedCache.Rendered.of(1, "text/plain", Integer.toString(n).repeat(2_000)));
            cache.get("page/0", 1, () -> {
                throw new AssertionError("the copy in use was dropped");
            });
        }
        assertTrue(cache.bytes() <= 40_000, cache.bytes() + " bytes held");
        var renders = cache.renders();
        cache.get("page/1", 1, () -> RenderedCache.Rendered.of(1, "text/plain", "1".repeat(2_000)));
        assertEquals(renders + 1, cache.renders(), "an old copy was dropped and is rendered again");
    }

    @Test
    void a_small_body_is_kept_as_it_is_and_a_large_one_compressed_too_with_tags_that_follow_the_bytes() {
        var tiny = RenderedCache.Rendered.of(1, "application/json", "{}");
        assertFalse(tiny.has(Coding.GZIP) || tiny.has(Coding.BROTLI));
        assertEquals(Coding.IDENTITY, PublicRead.coding("gzip, br", tiny));
        String html = "<li class=\"day\"></li>".repeat(500);
        var big = RenderedCache.Rendered.of(1, "text/html", html);
        assertTrue(big.bytes(Coding.GZIP).length < big.bytes(Coding.IDENTITY).length / 10);
        assertTrue(big.bytes(Coding.BROTLI).length < big.bytes(Coding.GZIP).length, "brotli's native encoder loads here");
        assertEquals(big.etag(Coding.IDENTITY), RenderedCache.Rendered.of(1, "text/html", html).etag(Coding.IDENTITY));
        assertEquals(big.bytes(Coding.IDENTITY).length, big.body(Coding.IDENTITY).remaining());
        assertEquals(big.body(Coding.GZIP).remaining(), big.body(Coding.GZIP).remaining(), "each view starts at the start");

        assertEquals(Coding.BROTLI, PublicRead.coding("gzip, deflate, br, zstd", big));
        assertEquals(Coding.GZIP, PublicRead.coding("gzip;q=0.8, br;q=0", big));
        assertEquals(Coding.GZIP, PublicRead.coding("x-gzip", big));
        assertEquals(Coding.BROTLI, PublicRead.coding("*", big));
        assertEquals(Coding.GZIP, PublicRead.coding("br;q=0, *", big));
        assertEquals(Coding.IDENTITY, PublicRead.coding("gzip;q=0, deflate", big));
        assertEquals(Coding.IDENTITY, PublicRead.coding(null, big));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
