package timelab.client;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Read timeouts for the client's sockets without {@code SO_TIMEOUT}: one platform thread
 * ({@code timelab-client-deadlines}) checks every {@link #TICK_MILLIS} ms which armed reads are overdue and closes
 * their sockets; the blocked read then fails and {@link Watch#check} turns that into the
 * {@code SocketTimeoutException: Read timed out} a socket timeout would have thrown.
 *
 * <p>Why not {@code SO_TIMEOUT}: with it, every read the JDK makes is a non-blocking try, then a wait with a
 * timeout — on a platform thread {@code read}+{@code poll}+{@code read} instead of one blocking {@code read}, on a
 * virtual thread a timer scheduled and cancelled per read. With 50 persistent connections that was about a third of
 * the client's CPU (docs/explanation/profiles.md). A deadline here costs two atomic writes per reply, and a timeout
 * fires up to one tick late.
 *
 * <p>The thread starts with the first watch and ends at the first tick that finds none, so nothing is left running
 * between runs. Thread-safe.
 */
final class ReadDeadlines {

    /** How often overdue reads are looked for: a timeout fires between its deadline and one tick later. */
    static final long TICK_MILLIS = 50;

    private static final ReadDeadlines SHARED = new ReadDeadlines();

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();

    /** The process's deadlines (one thread for every run in the JVM). */
    static ReadDeadlines shared() {
        return SHARED;
    }

    /** Starts watching {@code socket}; the watch is disarmed until {@link Watch#arm}. Close the watch when done. */
    Watch watch(Socket socket) {
        Watch w = new Watch(socket);
        watches.add(w);
        if (!running.get() && running.compareAndSet(false, true)) {
            Thread.ofPlatform().name("timelab-client-deadlines").daemon().start(this::loop);
        }
        return w;
    }

    /** Whether the checking thread is alive (tests). */
    boolean running() {
        return running.get();
    }

    private void loop() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Watch w : watches) {
                w.expireIfDue(now);
            }
            if (watches.isEmpty()) {
                running.set(false);
                // a watch added meanwhile saw running == true and started no thread: this one carries on for it
                if (watches.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /**
     * One socket's read deadline. Used by the one thread running the connection ({@link #arm}, {@link #check},
     * {@link #close}) and by the deadline thread ({@link #expireIfDue}).
     */
    final class Watch implements AutoCloseable {
        private static final long IDLE = Long.MAX_VALUE;
        private static final long EXPIRED = Long.MIN_VALUE;

        private final Socket socket;
        private final AtomicLong deadline = new AtomicLong(IDLE);

        private Watch(Socket socket) {
            this.socket = socket;
        }

        /** Arms the deadline: the reads that follow must be done within {@code timeoutNanos} from now. */
        void arm(long timeoutNanos) throws SocketTimeoutException {
            long d = System.nanoTime() + timeoutNanos;
            if (d == IDLE || d == EXPIRED) {
                d++; // the two sentinel values are never deadlines
            }
            long current = deadline.get();
            if (current == EXPIRED || !deadline.compareAndSet(current, d)) {
                throw timedOut();
            }
        }

        /**
         * Disarms the deadline after the reads succeeded.
         *
         * @throws SocketTimeoutException when the deadline had passed and the socket was closed for it already
         */
        void disarm() throws SocketTimeoutException {
            long current = deadline.get();
            if (current == EXPIRED || !deadline.compareAndSet(current, IDLE)) {
                throw timedOut();
            }
        }

        /**
         * The exception to throw for {@code e}, raised by a read while armed: a read timeout when the deadline
         * closed the socket, {@code e} itself otherwise.
         */
        IOException check(IOException e) {
            return deadline.get() == EXPIRED ? timedOut() : e;
        }

        private void expireIfDue(long now) {
            long d = deadline.get();
            if (d != IDLE && d != EXPIRED && now - d >= 0 && deadline.compareAndSet(d, EXPIRED)) {
                try {
                    socket.close(); // wakes the blocked read, which fails with "Socket closed"
                } catch (IOException e) {
                    // closed either way
                }
            }
        }

        /** Stops watching (the socket itself is the caller's to close). */
        @Override
        public void close() {
            watches.remove(this);
        }

        private static SocketTimeoutException timedOut() {
            return new SocketTimeoutException("Read timed out");
        }
    }
}
