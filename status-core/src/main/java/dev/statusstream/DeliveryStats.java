package dev.statusstream;

import java.time.Duration;

/**
 * How delivering notifications goes: the shared queue (the same on every node) and what this process
 * did since it started.
 *
 * <p>Immutable and thread-safe.
 *
 * @param queued            deliveries not yet delivered or failed, on every node (waiting, retrying or being sent)
 * @param retrying          of those, the ones that failed at least once
 * @param oldestUndelivered the age of the oldest of them; zero when there is none
 * @param sent              deliveries this process delivered
 * @param retried           tries of this process that failed and will be tried again
 * @param failed            deliveries this process gave up on (retry period over, or rejected)
 * @param disabled          subscribers this process disabled for failing too long
 */
public record DeliveryStats(long queued, long retrying, Duration oldestUndelivered, long sent, long retried, long failed,
        long disabled) {
}
