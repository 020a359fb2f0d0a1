package timelab.client.process;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientObserver;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.FailureClassifier;
import timelab.client.LoadPlan;
import timelab.client.ChildEngines;
import timelab.client.LoadGenerator;
import timelab.client.Progress;
import timelab.client.PlanShare;
import timelab.fork.Message;
import timelab.fork.Messages;
import timelab.measure.ProcessProbe;

/**
 * The entry point of a child JVM of the {@code process} strategy (not a user command: the parent builds its command,
 * {@link ChildCommand}). It reads its spec ({@link ChildSpec}, JSON) as the first line of its standard input and
 * checks it, runs its share of the plan with the inner strategy through the same {@link LoadGenerator} as the
 * parent, talks to the parent in {@link Message}s (JSON lines on standard output; {@link Message.Go} and
 * {@link Message.Stop} on standard input after the spec) and always ends with exactly one {@link Message.Report}:
 * exit 0 when it ran, 2 for a bad spec, 3 when the run could not start.
 *
 * <p>Ctrl-C in a terminal reaches every process of the group; a child ignores SIGINT and lets its parent decide
 * (the parent sends {@code stop}), so that a stopped run still gets every child's report. End of input (the parent
 * died) also means stop.
 */
public final class ChildMain {

    private ChildMain() {}

    public static void main(String... args) {
        ignoreInterrupt(); // first: before this, Ctrl-C on the process group ends a starting child
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        int code = args.length == 1 && args[0].equals("--train") ? train()
                : run(out, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        out.flush();
        System.exit(code);
    }

    /** Reads the spec from {@code in}, then runs the child's share with the rest of {@code in} as its control. */
    static int run(PrintStream out, BufferedReader in) {
        ChildSpec spec;
        try {
            spec = Messages.readSpec(in.readLine(), ChildSpec.class);
        } catch (IOException | IllegalArgumentException e) {
            new Channel(out).send(report(null, "bad spec: " + e.getMessage()));
            return 2;
        }
        return run(out, spec, in);
    }

    /**
     * Runs a child's share.
     *
     * @param control the parent's messages ({@code go}, {@code stop}); {@code null}: none (training)
     */
    static int run(PrintStream out, ChildSpec a, BufferedReader control) {
        Channel channel = new Channel(out);
        channel.send(new Message.Ready());
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<LoadGenerator> running = new AtomicReference<>();
        if (control != null) {
            listen(control, go, stop, running);
        }
        LongConsumer hold = open -> {
            channel.send(new Message.Held(open));
            awaitUninterruptibly(go);
        };
        Queue<Message> connections = new ConcurrentLinkedQueue<>();
        ClientObserver observer = ClientObserver.NONE;
        if (a.reportConnections()) {
            observer = new ClientObserver() {
                @Override
                public void connectionFinished(ConnectionResult r) {
                    connections.add(Message.Connection.of(r));
                }
            };
        }
        LoadGenerator run = LoadGenerator.start(new PlanShare(a.plan(), a.strategy(), observer, a.first(), a.count(),
                a.rate(), hold, intendedNanoTime(a.intendedStartEpochNanos())), ChildEngines.NONE);
        running.set(run);
        if (stop.get()) {
            run.stop();
        }
        ClientRun result;
        try {
            while (!run.awaitDone(100)) {
                drain(connections, channel);
                channel.send(progress(run.progress()));
            }
            result = run.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.send(report(null, "interrupted"));
            return 3;
        } catch (RuntimeException e) {
            channel.send(report(null, FailureClassifier.raw(e)));
            return 3;
        }
        drain(connections, channel);
        channel.send(progress(run.progress()));
        channel.send(report(result, null));
        return 0;
    }

    /** The parent's intended start (epoch nanoseconds, -1: none) on this JVM's {@code nanoTime} clock, or -1. */
    private static long intendedNanoTime(long intendedStartEpochNanos) {
        if (intendedStartEpochNanos < 0) {
            return -1;
        }
        return System.nanoTime() - (ChildSpec.epochNanosNow() - intendedStartEpochNanos);
    }

    private static Message.Progress progress(Progress p) {
        return new Message.Progress(p.started(), p.ok(), p.failed(), p.open());
    }

    /** The child's last word, with this JVM's whole CPU time. */
    static Message.Report report(ClientRun run, String error) {
        return new Message.Report(run, error, ProcessProbe.self().cpu().toNanos() / 1e9);
    }

    private static void listen(BufferedReader control, CountDownLatch go, AtomicBoolean stop,
            AtomicReference<LoadGenerator> running) {
        Thread.ofPlatform().name("timelab-client-child-control").daemon().start(() -> {
            try (control) {
                String line;
                while ((line = control.readLine()) != null) {
                    Message m = Messages.decode(line).orElse(null);
                    if (m instanceof Message.Go) {
                        go.countDown();
                    } else if (m instanceof Message.Stop) {
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

    private static void drain(Queue<Message> messages, Channel channel) {
        Message m;
        while ((m = messages.poll()) != null) {
            channel.send(m);
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
                ChildSpec spec = new ChildSpec(plan, strategy, 1, 1, 0, -1, true);
                run(sink, Messages.readSpec(Messages.writeSpec(spec), ChildSpec.class), null);
            }
            LoadPlan nobody = LoadPlan.time(InetAddress.getLoopbackAddress().getHostAddress(), refused, 1);
            run(sink, new ChildSpec(nobody, new ClientStrategy.PlatformThreads(), 1, 1, 0, -1, true), null);
            Messages.decode(Messages.encode(report(null, "training")));
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

    /** Writes whole messages to the parent, one line at a time, flushed. */
    static final class Channel {
        private final PrintStream out;

        Channel(PrintStream out) {
            this.out = out;
        }

        synchronized void send(Message m) {
            out.print(Messages.encode(m) + "\n");
            out.flush();
        }
    }
}
