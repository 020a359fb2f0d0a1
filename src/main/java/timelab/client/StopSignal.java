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
