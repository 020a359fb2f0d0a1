package timelab.client;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A run's stop: raised once (Ctrl-C, the duration, a failure), seen by every loop, and it cuts their waits short. */
public final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    public void raise() {
        latch.countDown();
    }

    public boolean isRaised() {
        return latch.getCount() == 0;
    }

    /**
     * Sleeps until the wall clock reads {@code instant} ({@code --start-at}: the same instant on every host), checking
     * the clock at least once a second so that a clock stepped meanwhile is followed; false when the stop was raised
     * meanwhile.
     */
    public boolean sleepUntil(java.time.Instant instant) {
        while (!isRaised()) {
            long left = java.time.Duration.between(java.time.Instant.now(), instant).toNanos();
            if (left <= 0) {
                return true;
            }
            try {
                if (latch.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Sleeps until {@code nanoTime} ({@code System.nanoTime()}); false when the stop was raised meanwhile. */
    public boolean sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left <= 0) {
            return !isRaised();
        }
        try {
            return !latch.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
