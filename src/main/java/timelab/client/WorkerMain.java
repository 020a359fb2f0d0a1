package timelab.client;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import timelab.client.ClientObserver.ConnectionResult;

/**
 * The entry point of a child JVM of the {@code process} strategy (not a user command: the parent builds its
 * arguments, {@link ChildCommand}). It checks its arguments, runs its share of the plan with the inner strategy
 * through the same {@link LoadGenerator} as the parent, talks to the parent in {@link WorkerProtocol} lines and always
 * ends with exactly one JSON line ({@link WorkerReport}): exit 0 when it ran, 2 for bad arguments, 3 when the run
 * could not start.
 *
 * <p>Ctrl-C in a terminal reaches every process of the group; a child ignores SIGINT and lets its parent decide
 * (the parent sends {@code stop}), so that a stopped run still gets every child's report.
 */
public final class WorkerMain {

    private WorkerMain() {}

    public static void main(String... args) {
        ignoreInterrupt(); // first: before this, Ctrl-C on the process group ends a starting child
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        int code = args.length == 1 && args[0].equals("--train") ? train() : run(out, System.in, args);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs a child's share.
     *
     * @param control the parent's lines ({@code go}, {@code stop}); {@code null}: none (training)
     */
    static int run(PrintStream out, InputStream control, String... args) {
        Channel channel = new Channel(out);
        WorkerArgs a;
        try {
            a = WorkerArgs.parse(args);
        } catch (IllegalArgumentException e) {
            channel.line(ClientJson.write(WorkerReport.error("bad arguments: " + e.getMessage()), false));
            return 2;
        }
        channel.line(WorkerProtocol.READY);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<LoadGenerator> running = new AtomicReference<>();
        if (control != null) {
            listen(control, go, stop, running);
        }
        LongConsumer hold = open -> {
            channel.line(WorkerProtocol.held(open));
            awaitUninterruptibly(go);
        };
        Queue<String> connections = new ConcurrentLinkedQueue<>();
        ClientObserver observer = ClientObserver.NONE;
        if (a.reportConnections()) {
            observer = new ClientObserver() {
                @Override
                public void connectionFinished(ConnectionResult r) {
                    connections.add(WorkerProtocol.connection(r));
                }
            };
        }
        long intended = -1;
        if (a.intendedStartEpochNanos() >= 0) {
            Instant now = Instant.now();
            long nowEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            intended = System.nanoTime() - (nowEpochNanos - a.intendedStartEpochNanos());
        }
        LoadGenerator run = LoadGenerator.start(new PlanShare(a.plan(), a.strategy(), observer, a.first(), a.count(),
                a.rate(), hold, intended));
        running.set(run);
        if (stop.get()) {
            run.stop();
        }
        ClientRun result;
        try {
            while (!run.awaitDone(100)) {
                drain(connections, channel);
                channel.line(WorkerProtocol.progress(run.progress()));
            }
            result = run.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.line(ClientJson.write(WorkerReport.error("interrupted"), false));
            return 3;
        } catch (RuntimeException e) {
            channel.line(ClientJson.write(WorkerReport.error(FailureClassifier.raw(e)), false));
            return 3;
        }
        drain(connections, channel);
        channel.line(WorkerProtocol.progress(run.progress()));
        channel.line(ClientJson.write(WorkerReport.of(result), false));
        return 0;
    }

    private static void listen(InputStream control, CountDownLatch go, AtomicBoolean stop,
            AtomicReference<LoadGenerator> running) {
        Thread.ofPlatform().name("timelab-worker-control").daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(control, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals(WorkerProtocol.GO)) {
                        go.countDown();
                    } else if (line.equals(WorkerProtocol.STOP)) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the parent is gone: stop, as below
            }
            stop.set(true);
            LoadGenerator run = running.get();
            if (run != null) {
                run.stop();
            }
            go.countDown();
        });
    }

    private static void drain(Queue<String> lines, Channel channel) {
        String l;
        while ((l = lines.poll()) != null) {
            channel.line(l);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: only the parent's go (or its end) releases a hold
            }
        }
    }

    @SuppressWarnings("removal")
    private static void ignoreInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform
        }
    }

    /**
     * The CDS training run ({@link CdsArchive}): does what a child does — a TIME exchange on a platform and on a
     * virtual thread, a refused connect, the JSON both ways — so that the archive holds those classes.
     */
    static int train() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> answer(server));
            int port = server.getLocalPort();
            int refused;
            try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                refused = closed.getLocalPort();
            }
            LoadPlan plan = LoadPlan.time(InetAddress.getLoopbackAddress().getHostAddress(), port, 1);
            for (ClientStrategy strategy : List.of(new ClientStrategy.PlatformThreads(),
                    new ClientStrategy.VirtualThreads())) {
                run(sink, null, new WorkerArgs(plan, strategy, 1, 1, 0, -1, true).toArgs().toArray(String[]::new));
            }
            LoadPlan nobody = LoadPlan.time(InetAddress.getLoopbackAddress().getHostAddress(), refused, 1);
            run(sink, null, new WorkerArgs(nobody, new ClientStrategy.PlatformThreads(), 1, 1, 0, -1, true).toArgs()
                    .toArray(String[]::new));
            ClientJson.read(ClientJson.write(WorkerReport.error("training"), false), WorkerReport.class);
            return 0;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    private static void answer(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null && !line.equalsIgnoreCase("QUIT")) {
                    s.getOutputStream().write("JAM 00:00:00\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Writes whole lines to the parent, one at a time, flushed. */
    static final class Channel {
        private final PrintStream out;

        Channel(PrintStream out) {
            this.out = out;
        }

        synchronized void line(String s) {
            out.print(s + "\n");
            out.flush();
        }
    }
}
