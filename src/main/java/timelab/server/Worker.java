package timelab.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import timelab.protocol.Request;
import timelab.service.Reply;
import timelab.service.Service;
import timelab.work.Wait;
import timelab.work.Work;

/**
 * Does one connection's {@code --work} for each of its requests, on the thread that serves it, and reports where
 * each request's time went ({@link RequestTiming}). Made per connection only when there is work: with
 * {@code --work none} a session has no worker and the hot path is today's.
 *
 * <p>The one class on the server that switches over {@link Work}: {@code perform} does the work on the serving
 * thread, {@code start} on an event loop ({@code nio}, {@code netty}), where {@code delay} and {@code call} do not
 * block: they are handed to the loop ({@link LoopTasks}) and the reply comes later ({@link #async()}). On a loop,
 * {@code sleep} and {@code cpu} run inline and block it, on purpose: that is the lesson.
 */
final class Worker {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Written by the CPU work so the JIT cannot drop it. */
    @SuppressWarnings("unused")
    private static volatile long sink;

    private final RequestWork shop;
    private final Connection connection;
    private final LoopTasks loop;
    /** The monitor {@code pinned} waits in: one per connection, so it pins and never contends. */
    private final Object monitor = new Object();
    private BackendLink backend;
    private LoopTasks.Backend asyncBackend;

    /** @param loop the event loop serving the connection, or {@code null} on a thread model */
    Worker(RequestWork shop, Connection connection, LoopTasks loop) {
        this.shop = shop;
        this.connection = connection;
        this.loop = loop;
    }

    /** Whether requests finish later, on the loop, through {@link #start} rather than {@link #serve}. */
    boolean async() {
        return loop != null && (shop.work() instanceof Work.Delay || shop.work() instanceof Work.Call);
    }

    /**
     * Does the work for {@code command} on this thread and returns its reply.
     *
     * @param readyNanos when the request could first have been taken up ({@link RequestTiming#queuedNanos})
     * @throws InterruptedIOException when the serving thread is interrupted (the server is stopping)
     */
    Reply serve(Request.Command command, Service service, long readyNanos) throws IOException {
        shop.counters().inFlight.up();
        long start = System.nanoTime();
        Reply reply = null;
        try {
            reply = perform(command, service);
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while working on a request");
        } finally {
            shop.counters().inFlight.down();
            served(readyNanos, start, reply);
        }
    }

    /**
     * Starts the work for {@code command} on the loop; {@code done} gets the reply on the loop thread, once.
     *
     * @param readyNanos when the request could first have been taken up
     */
    void start(Request.Command command, Service service, long readyNanos, Consumer<Reply> done) {
        shop.counters().inFlight.up();
        long start = System.nanoTime();
        Reply local = service.reply(command);
        Consumer<Reply> finish = reply -> {
            shop.counters().inFlight.down();
            served(readyNanos, start, reply);
            done.accept(reply);
        };
        if (local.error()) {
            finish.accept(local);
            return;
        }
        switch (shop.work()) {
            case Work.Delay d -> loop.after(sample(d.duration()), () -> finish.accept(local));
            case Work.Call call -> {
                if (asyncBackend == null) {
                    asyncBackend = loop.backend(call, shop.backendTimeoutNanos(), shop.maxLine());
                }
                asyncBackend.call(finish);
            }
            case Work.None n -> finish.accept(local);
            case Work.Sleep s -> throw new IllegalStateException("sleep is never async");
            case Work.Cpu c -> throw new IllegalStateException("cpu is never async");
            case Work.Pinned p -> throw new IllegalStateException("pinned is never async");
        }
    }

    /** Closes the backend connection, if one was opened. */
    void release() {
        if (backend != null) {
            backend.close();
        }
        if (asyncBackend != null) {
            asyncBackend.close();
        }
    }

    /** The service's reply after the work; a request the service rejects costs no work. */
    private Reply perform(Request.Command command, Service service) throws InterruptedException {
        Reply local = service.reply(command);
        if (local.error()) {
            return local;
        }
        switch (shop.work()) {
            case Work.None n -> { }
            case Work.Sleep s -> Thread.sleep(java.time.Duration.ofNanos(sample(s.duration())));
            case Work.Delay d -> Thread.sleep(java.time.Duration.ofNanos(sample(d.duration())));
            case Work.Cpu c -> burn(sample(c.duration()));
            case Work.Pinned p -> pinned(sample(p.duration()));
            case Work.Call call -> {
                if (backend == null) {
                    backend = new BackendLink(call, shop.backendTimeoutNanos(), shop.maxLine());
                }
                return backend.call();
            }
        }
        return local;
    }

    /** Waits in this connection's monitor: the frame {@code jfr summary} names as the pinning code on JDK 21-23. */
    private void pinned(long nanos) throws InterruptedException {
        synchronized (monitor) { // a virtual thread waiting here keeps its carrier on JDK 21-23
            Thread.sleep(java.time.Duration.ofNanos(nanos));
        }
    }

    private void served(long readyNanos, long start, Reply reply) {
        long end = System.nanoTime();
        shop.observer().requestServed(new RequestTiming(connection.model, shop.work().label(),
                Math.max(0, start - readyNanos), end - start, Math.max(0, end - readyNanos),
                reply == null || shop.work() instanceof Work.Call && reply.error()));
    }

    private static long sample(Wait w) {
        return w.sampleNanos(ThreadLocalRandom.current());
    }

    /**
     * Computes until this thread's CPU time has grown by {@code nanos}. A virtual thread has no CPU clock of its own
     * ({@code ThreadMXBean} answers -1), so it computes for {@code nanos} of wall-clock time instead: the same while
     * it keeps its carrier, more when the carrier is shared (docs/guides/work.md).
     */
    static void burn(long nanos) {
        boolean cpuClock = !Thread.currentThread().isVirtual() && THREADS.isCurrentThreadCpuTimeSupported();
        long begin = cpuClock ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        if (begin < 0) {
            cpuClock = false;
            begin = System.nanoTime();
        }
        long x = begin | 1;
        long spent = 0;
        while (spent < nanos) {
            for (int i = 0; i < 4096; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            spent = (cpuClock ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - begin;
        }
        sink = x;
    }
}
