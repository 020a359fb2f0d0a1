package timelab.server;

import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import timelab.netty.EventLoops;
import timelab.netty.NettyLeaks;
import timelab.netty.Transport;

/**
 * The servers a test starts, each closed after the test.
 *
 * <p>Register one per test instance and start servers through it; with {@link EveryModel} a test runs once per
 * model:
 * <pre>
 * &#64;RegisterExtension
 * final Servers servers = new Servers();
 *
 * &#64;ParameterizedTest(name = "{0}")
 * &#64;EveryModel
 * void answers(ServerModel model) throws IOException {
 *     TimeServer server = servers.start(model);
 *     ...
 * }
 * </pre>
 * After each test (after its {@code @AfterEach} methods, so those still see the servers running) every server it
 * started is closed, the newest first, whether the test passed or not. {@link #start} may be called from any thread.
 */
final class Servers implements AfterEachCallback {

    /** The pool size of {@code fixed} in {@link #everyModel()}: small, so that a third connection waits. */
    static final int POOL_SIZE = 2;

    private final Deque<TimeServer> started = new ConcurrentLinkedDeque<>();

    /**
     * Every server model, {@code fixed} with {@link #POOL_SIZE} threads and {@code netty} with {@link #POOL_SIZE}
     * loops on each transport (io_uring, epoll, nio): the set tests run over. A netty transport that cannot load
     * on the machine is skipped with the reason when its server {@linkplain #start starts} (all three load on Linux
     * x86_64 with io_uring enabled).
     */
    static List<ServerModel> everyModel() {
        List<ServerModel> models = new ArrayList<>(ServerModel.all(POOL_SIZE).stream()
                .filter(m -> !(m instanceof ServerModel.Netty)).toList());
        for (Transport t : Transport.values()) {
            models.add(new ServerModel.Netty(POOL_SIZE, t));
        }
        return List.copyOf(models);
    }

    /** Starts a server of {@code model} with the default options on loopback, port 0. */
    TimeServer start(ServerModel model) throws IOException {
        return start(ServerOptions.loopback(model));
    }

    /** Starts a server with {@code options} and no observer. */
    TimeServer start(ServerOptions options) throws IOException {
        return start(options, ServerObserver.NONE);
    }

    /** Starts a server with {@code options} reporting to {@code observer}. */
    TimeServer start(ServerOptions options, ServerObserver observer) throws IOException {
        return start(options, observer, InstantSource.system());
    }

    /** Starts a server with {@code options} reporting to {@code observer}, its replies told by {@code clock}. */
    TimeServer start(ServerOptions options, ServerObserver observer, InstantSource clock) throws IOException {
        if (options.model() instanceof ServerModel.Netty netty) {
            String why = EventLoops.unavailable(netty.transport());
            Assumptions.assumeTrue(why == null, () -> netty.transport() + " does not load here: " + why);
        }
        TimeServer server = TimeServer.start(options, observer, clock);
        started.push(server);
        return server;
    }

    /** Closes every server started since the last test, the newest first; the first failure is rethrown. */
    @Override
    public void afterEach(ExtensionContext context) {
        List<RuntimeException> failures = new ArrayList<>();
        for (TimeServer server = started.poll(); server != null; server = started.poll()) {
            try {
                server.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        NettyLeaks.assertNone();
    }
}
