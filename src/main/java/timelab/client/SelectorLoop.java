package timelab.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import timelab.client.FailureClassifier.Phase;

/**
 * One selector of the {@link SelectorDriver} and the platform thread that runs it ({@code timelab-client-nio-N}):
 * starts the connections submitted to it, dispatches ready keys to them, lets held ones go when the gate opens, and
 * every {@link ReadDeadlines#TICK_MILLIS} ms times out those whose session's deadline has passed (so a timeout fires
 * up to one tick late, as the threaded strategies' read timeouts do).
 *
 * <p>{@link #submit}, {@link #wake} and {@link #close} may be called from any thread; everything else runs on the
 * loop's thread. The thread starts with the first connection and ends at {@link #close}, once every connection is
 * done. If the selector itself fails, every connection of the loop ends with that failure: counted, never lost.
 */
final class SelectorLoop {

    /**
     * Connections a loop starts before it looks at its ready ones again: started all at once, 10,000 clients would
     * each wait for the other 9,999 connects before the first reply is read (connect latency of hundreds of ms that
     * is the client's, not the server's).
     */
    static final int STARTS_PER_TURN = 64;

    private final int number;
    private final SelectorDriver driver;
    private final Queue<SelectorConnection> incoming = new ConcurrentLinkedQueue<>();
    private final List<SelectorConnection> held = new ArrayList<>();
    /** Every read of this loop goes through it: a connection keeps only what it cannot use yet. */
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private volatile Selector selector;
    private Thread thread;
    private volatile boolean closing;
    private volatile boolean failed;
    private long nextTick;

    SelectorLoop(int number, SelectorDriver driver) {
        this.number = number;
        this.driver = driver;
    }

    Selector selector() {
        return selector;
    }

    /** The loop's read buffer, cleared. Loop thread only. */
    ByteBuffer readBuffer() {
        return in.clear();
    }

    /** Keeps {@code c} until the gate lets it go. Loop thread only. */
    void hold(SelectorConnection c) {
        held.add(c);
    }

    /** Wakes every loop: an arrival or a failed one may have opened the gate for connections held anywhere. */
    void wakeAll() {
        driver.wakeAll();
    }

    void submit(SelectorConnection c) {
        incoming.add(c);
        if (failed && incoming.remove(c)) { // the loop is gone (failAll drains what it finds; this came after)
            c.failNow(Phase.START, new IOException("client event loop " + number + " failed earlier"));
            return;
        }
        synchronized (this) {
            if (thread == null) {
                try {
                    selector = Selector.open();
                } catch (IOException e) {
                    incoming.remove(c);
                    c.failNow(Phase.START, e);
                    return;
                }
                thread = Thread.ofPlatform().name("timelab-client-nio-" + number).daemon().unstarted(this::run);
                try {
                    thread.start();
                } catch (OutOfMemoryError e) {
                    incoming.remove(c);
                    thread = null;
                    closeSelector();
                    throw e;
                }
                return;
            }
        }
        selector.wakeup();
    }

    void wake() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    void close() {
        Thread t;
        synchronized (this) {
            closing = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        selector.wakeup();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ReadDeadlines.TICK_MILLIS);
            while (true) {
                SelectorConnection c;
                for (int i = 0; i < STARTS_PER_TURN && (c = incoming.poll()) != null; i++) {
                    c.start();
                }
                if (!held.isEmpty()) {
                    releaseHeld();
                }
                if (closing && selector.keys().isEmpty() && held.isEmpty() && incoming.isEmpty()) {
                    return;
                }
                long wait = nextTick - System.nanoTime();
                if (wait > 0 && incoming.isEmpty()) {
                    selector.select(this::ready, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                } else {
                    selector.selectNow(this::ready);
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    expireOverdue(now);
                    nextTick = now + TimeUnit.MILLISECONDS.toNanos(ReadDeadlines.TICK_MILLIS);
                }
            }
        } catch (IOException | RuntimeException e) { // the selector itself failed: no connection of it can go on
            failAll(e);
        } finally {
            closeSelector();
        }
    }

    /** Ends every connection of this loop with {@code e}: counted, never lost (a run waits for each of them). */
    private void failAll(Exception e) {
        failed = true;
        List<SelectorConnection> all = new ArrayList<>(held);
        held.clear();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof SelectorConnection c) {
                all.add(c);
            }
        }
        for (SelectorConnection c; (c = incoming.poll()) != null; ) {
            all.add(c);
        }
        for (SelectorConnection c : all) {
            c.failNow(Phase.START, e);
        }
    }

    private void ready(SelectionKey key) {
        SelectorConnection c = (SelectorConnection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                c.connectable();
            } else {
                if (key.isWritable()) {
                    c.writable();
                }
                if (key.isValid() && key.isReadable()) {
                    c.readable();
                }
            }
        } catch (RuntimeException | Error e) { // a bug: count it against the client, never lose the loop
            c.failNow(Phase.START, e);
        }
    }

    /**
     * Lets the held connections go when the gate opens. The loops carry any number of clients at once, so the gate
     * has one wave and opens for all of them together: asking for one is asking for all.
     */
    private void releaseHeld() {
        if (!held.get(0).gatePasses()) {
            return;
        }
        List<SelectorConnection> going = new ArrayList<>(held);
        held.clear();
        for (SelectorConnection c : going) {
            try {
                c.proceed();
            } catch (RuntimeException | Error e) {
                c.failNow(Phase.START, e);
            }
        }
    }

    private void expireOverdue(long now) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof SelectorConnection c && c.overdue(now)) {
                c.timedOut(now);
            }
        }
    }

    private void closeSelector() {
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }
}
