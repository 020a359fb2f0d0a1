package timelab.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import timelab.app.ClientAppConfig.ProgressMode;
import timelab.client.ClientObserver;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientRun;
import timelab.client.LoadPlan;
import timelab.client.LoadGenerator;
import timelab.client.process.ProcessEngine;
import timelab.client.Outcome;
import timelab.client.Progress;
import timelab.fork.Jdk;
import timelab.fork.Message;
import timelab.fork.Messages;
import timelab.measure.ClientRequestEvent;
import timelab.measure.ConcurrencyCounts;
import timelab.measure.ConcurrencyEvents;
import timelab.measure.JfrRecording;

/**
 * {@code timelab client} as an object: warms up, runs the load, shows progress on {@code err}, prints the summary
 * (and with {@code verbose} a line per client) on {@code out}, writes the JSON and the JFR recording, and decides
 * the exit code.
 *
 * <p>Lifecycle: {@link #run()} once, on the caller's thread; {@link #stop()} (any thread, e.g. Ctrl-C) ends the load
 * early and {@code run()} still prints the summary of what ran. Threads of its own:
 * {@code timelab-client-progress} (a daemon, joined before {@code run()} returns) besides the strategy's.
 */
public final class ClientApp {

    private final ClientAppConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final InstantSource clock;
    private final AtomicReference<LoadGenerator> running = new AtomicReference<>();
    private volatile boolean stopped;

    public ClientApp(ClientAppConfig config, PrintWriter out, PrintWriter err, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Ends the load early: no new clients, the summary tells what ran. Idempotent, any thread. */
    public void stop() {
        stopped = true;
        LoadGenerator r = running.get();
        if (r != null) {
            r.stop();
        }
    }

    /**
     * Runs the load and reports it.
     *
     * @return {@link ExitCode#OK}, or {@link ExitCode#FAILURES} when more clients failed than allowed
     * @throws IOException when the JSON or the JFR recording cannot be written
     */
    public ExitCode run() throws IOException, InterruptedException {
        LoadPlan plan = config.plan();
        String label = config.strategy().label();
        out.printf("timelab client: strategy=%s clients=%s%s requests=%d%s → %s:%s, pid %d, Java %s%n", label,
                plan.clients() == Integer.MAX_VALUE ? "unbounded" : plan.clients(),
                plan.segment().whole() ? "" : " segment=" + plan.segment().label(), plan.requests(),
                plan.hold() ? " hold" : "", plan.host(), plan.ports().size() == 1 ? plan.ports().get(0) : plan.ports(),
                ProcessHandle.current().pid(), Runtime.version());
        out.flush();
        // registering sets up JFR's metadata, a few hundred ms of CPU: before the warm-up, not while clients count
        try (ConcurrencyEvents.Registration concurrency = ConcurrencyEvents.register("client", () -> {
            LoadGenerator r = running.get();
            Progress p = r == null ? null : r.progress();
            return p == null ? new ConcurrencyCounts(label, 0, 0, 0, 0)
                    : new ConcurrencyCounts(label, p.open(), p.peakOpen(), p.virtualThreads(),
                            p.peakVirtualThreads());
        })) {
            warmUp();
            return measure();
        }
    }

    private void warmUp() throws IOException, InterruptedException {
        Instant start = clock.instant();
        ClientRun warmed = LoadGenerator.warmUp(config.plan(), config.strategy(), config.warmUp());
        if (warmed != null) {
            out.printf(Locale.ROOT, "warm-up: %d connections to a loopback responder in this JVM, %.2f s%s (not "
                    + "counted)%n", warmed.clients(), Duration.between(start, clock.instant()).toNanos() / 1e9,
                    warmed.failed() == 0 ? "" : ", " + warmed.failed() + " failed: " + warmed.failures().keySet());
            out.flush();
        }
    }

    private ExitCode measure() throws IOException, InterruptedException {
        String label = config.strategy().label();
        LoadPlan.Segment segment = config.plan().segment();
        String fileLabel = segment.whole() ? label : label + "-segment-" + segment.index() + "-of-" + segment.count();
        JfrRecording recording = !config.evidence().jfr() ? null : JfrRecording.start("client", label,
                Optional.of(config.evidence().jfrPath("client", fileLabel, clock.instant())));
        if (recording != null) {
            out.println("JFR: recording to " + recording.path() + " (written at the end)");
        }
        announceStart();
        LoadGenerator run = LoadGenerator.start(config.plan(), config.strategy(), observer(recording != null),
                ProcessEngine::new, config.startAt());
        running.set(run);
        if (stopped) {
            run.stop();
        }
        ClientRun result = awaitWithProgress(run);
        ClientAppConfig.Output output = config.output();
        if (output.verbose()) {
            out.flush();
        }
        out.print(ClientReport.summary(result));
        out.flush();
        if (output.json() != null) {
            try {
                Files.writeString(output.json(), result.toJson() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot write " + output.json() + ": " + e.getMessage(), e);
            }
            out.println("JSON written to " + output.json());
        }
        if (output.resultMessage()) {
            out.println(Messages.encode(new Message.Result(result, Jdk.current())));
        }
        if (recording != null) {
            out.println("JFR recording: " + recording.stop());
        }
        if (result.failed() > output.maxFailures()) {
            out.printf("%d clients failed, more than --max-failures %d: exit code %d%n", result.failed(),
                    output.maxFailures(), ExitCode.FAILURES.code());
            out.flush();
            return ExitCode.FAILURES;
        }
        out.flush();
        return ExitCode.OK;
    }

    /** {@code --start-at}: when the run's clock starts, or how late it is already. */
    private void announceStart() {
        Instant at = config.startAt();
        if (at == null) {
            return;
        }
        Duration left = Duration.between(clock.instant(), at);
        if (left.isNegative()) {
            out.printf(Locale.ROOT, "start-at %s: already %.3f s past, starting at once%n", at,
                    left.negated().toNanos() / 1e9);
        } else {
            out.printf(Locale.ROOT, "start-at %s: waiting %.3f s (Ctrl-C ends the wait)%n", at, left.toNanos() / 1e9);
        }
        out.flush();
    }

    private ClientObserver observer(boolean events) {
        boolean verbose = config.output().verbose();
        return !verbose && !events ? ClientObserver.NONE : new ClientObserver() {
            @Override
            public void connectionFinished(ConnectionResult r) {
                if (verbose) {
                    out.println(ClientReport.clientLine(r));
                }
                if (events) {
                    String kind = r.outcome() instanceof Outcome.Failed f ? f.kind().name() : "OK";
                    String detail = r.outcome() instanceof Outcome.Failed f ? f.rawMessage() : null;
                    ClientRequestEvent.record(r.strategy(), r.connectNanos(), r.requestNanos(), r.requestsOk(),
                            kind, detail);
                }
            }
        };
    }

    private ClientRun awaitWithProgress(LoadGenerator run) throws InterruptedException {
        ProgressMode mode = resolved(config.output().progress());
        CountDownLatch done = new CountDownLatch(1);
        Thread progressThread = switch (mode) {
            case OFF, AUTO -> null;
            case BAR, LINES -> Thread.ofPlatform().name("timelab-client-progress").daemon()
                    .start(() -> showProgress(run, mode == ProgressMode.BAR, done));
        };
        try {
            return run.await();
        } finally {
            done.countDown();
            if (progressThread != null) {
                progressThread.join(2_000);
            }
        }
    }

    /** {@code auto} made concrete: off with verbose, a bar on a terminal, lines otherwise. */
    private ProgressMode resolved(ProgressMode mode) {
        return switch (mode) {
            case AUTO -> config.output().verbose() ? ProgressMode.OFF
                    : Terminal.isTerminal() ? ProgressMode.BAR : ProgressMode.LINES;
            case BAR, LINES, OFF -> mode;
        };
    }

    private void showProgress(LoadGenerator run, boolean bar, CountDownLatch done) {
        long period = bar ? 200 : 1000;
        boolean drew = false;
        try {
            while (!done.await(period, TimeUnit.MILLISECONDS)) {
                if (bar) {
                    err.print(ClientReport.progressBar(run.progress()));
                    drew = true;
                } else {
                    err.println(ClientReport.progressLine(run.progress()));
                }
                err.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drew) {
            err.println(ClientReport.progressBar(run.progress()));
            err.flush();
        }
    }
}
