package dev.statusstream.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Confirming versions: what is known answers at once, and waiting callers share one check. */
class CommittedVersionTest {
    /** Tasks handed to the "sync thread", run when the test says so. */
    private final List<Runnable> queued = new ArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();

    private void runQueued() {
        List<Runnable> tasks = List.copyOf(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void a_known_version_is_confirmed_without_a_check() {
        var committed = new CommittedVersion(queued::add, checks::incrementAndGet);
        committed.raise(7);

        assertTrue(committed.confirm(7).join());
        assertTrue(committed.confirm(3).join());
        assertEquals(List.of(), queued);
    }

    @Test
    void callers_waiting_for_the_same_check_share_it() {
        CommittedVersion[] holder = new CommittedVersion[1];
        var committed = new CommittedVersion(queued::add, () -> {
            checks.incrementAndGet();
            holder[0].raise(12); // PostgreSQL answers 12
        });
        holder[0] = committed;

        CompletableFuture<Boolean> ten = committed.confirm(10);
        CompletableFuture<Boolean> twelve = committed.confirm(12);
        CompletableFuture<Boolean> thirteen = committed.confirm(13);
        assertEquals(1, queued.size(), "one check for the three callers");
        runQueued();

        assertEquals(1, checks.get());
        assertTrue(ten.join());
        assertTrue(twelve.join());
        assertFalse(thirteen.join(), "PostgreSQL has not reached 13");
    }

    @Test
    void a_caller_after_a_check_has_started_waits_for_the_next_one() {
        var committed = new CommittedVersion(queued::add, checks::incrementAndGet);
        committed.confirm(5);
        runQueued();
        committed.confirm(5);

        assertEquals(1, queued.size(), "a new check is queued");
        runQueued();
        assertEquals(2, checks.get());
    }
}
