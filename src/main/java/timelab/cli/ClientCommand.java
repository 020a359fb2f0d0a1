package timelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelab.client.ClientObserver;
import timelab.client.Outcome;
import timelab.client.Progress;
import timelab.fork.Message;
import timelab.fork.Messages;
import timelab.measure.ClientRequestEvent;
import timelab.measure.ConcurrencyCounts;
import timelab.measure.ConcurrencyEvents;
import timelab.measure.JfrRecording;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientRun;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;
import timelab.client.LoadRun;

/** {@code timelab client}: runs simulated clients against a server and reports what happened. */
@Command(name = "client",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs N simulated TIME clients with one of five strategies and reports wall time, throughput, latency,"
                    + " failures by kind, and what the client used (threads, descriptors, memory).",
            "Exit code 0 when failures <= --max-failures, 1 when more: usable as a CI gate."
        })
final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--strategy", defaultValue = "platform", paramLabel = "S",
            description = "platform | fixed[:N] | cached | virtual | nio[:N] | process | process:K/S (default: "
                    + "${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--pool-size", paramLabel = "N", description = "threads of fixed (default: number of CPUs)")
    Integer poolSize;

    @Option(names = "--clients", paramLabel = "N",
            description = "clients (default 1; with --rate and --duration: rate x duration)")
    Integer clients;

    @Option(names = "--requests", defaultValue = "1", paramLabel = "M",
            description = "requests per connection; 0 = connect and QUIT only (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--hold", description = "every client connects and waits until all are connected (or failed), "
            + "then sends its requests: how many connections a strategy holds at once")
    boolean hold;

    @Option(names = "--hold-for", converter = Converters.DurationConverter.class, paramLabel = "D",
            description = "with --hold: keep the connections open D longer once all are connected, before the "
                    + "requests, so the server has accepted them all (default 0)")
    Duration holdFor;

    @Option(names = "--duration", converter = Converters.DurationConverter.class, paramLabel = "D",
            description = "run for this long: the clients loop (closed model), or --rate keeps starting new ones")
    Duration duration;

    @Option(names = "--rate", paramLabel = "R",
            description = "open model: R new clients per second; latency from each client's intended start")
    Double rate;

    @Option(names = "--ramp", converter = Converters.DurationConverter.class, paramLabel = "D",
            description = "start the clients evenly over D; with --rate, grow the rate from 0 to R over D")
    Duration ramp;

    @Option(names = "--connect-timeout", defaultValue = "5s", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "(default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Option(names = "--read-timeout", defaultValue = "10s", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "(default: ${DEFAULT-VALUE})")
    Duration readTimeout;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "(default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "45000", converter = ClientConverters.PortsConverter.class,
            paramLabel = "PORTS", description = "a port, a range 45000-45003 or a list (default: ${DEFAULT-VALUE})")
    List<Integer> ports;

    @Option(names = "--source-addresses", converter = ClientConverters.AddressesConverter.class,
            paramLabel = "ADDRS", description = "bind clients to these local addresses, round-robin, e.g. "
                    + "127.0.0.1-127.0.0.20: ~28k ephemeral ports each")
    List<String> sourceAddresses;

    @Option(names = "--service", paramLabel = "NAME",
            description = "time | charcount | line (default: time; line when --send is given)")
    String service;

    @Option(names = "--message", paramLabel = "TEMPLATE",
            description = "charcount: the line to send; {n} = client number, {r} = request number")
    String message;

    @Option(names = "--send", paramLabel = "LINE", description = "the request line ({n}, {r} as for --message)")
    String send;

    @Option(names = "--expect", paramLabel = "PREFIX", description = "line: a reply must start with this")
    String expect;

    @Option(names = "--quit", paramLabel = "LINE",
            description = "sent after the requests (default: QUIT for time and charcount, nothing for line)")
    String quit;

    @Option(names = "--max-failures", defaultValue = "0", paramLabel = "N",
            description = "exit 1 when more clients fail (default: ${DEFAULT-VALUE})")
    long maxFailures;

    @Option(names = "--json", paramLabel = "FILE", description = "write the result as JSON (docs/CLIENT.md)")
    Path json;

    @Option(names = "--result-message", hidden = true,
            description = "for a parent JVM: also print the result as one JSON message line (timelab.fork.Message)")
    boolean resultMessage;

    @Option(names = "--verbose", description = "one line per client, as the coursework printed")
    boolean verbose;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto | bar | lines | off (default: bar on a terminal, lines otherwise)")
    String progress;

    @Option(names = "--min-mem-available", converter = ClientConverters.SizeConverter.class, paramLabel = "SIZE",
            description = "process: start no child JVM that would bring MemAvailable below this (default: a quarter "
                    + "of the machine's memory)")
    Long minMemAvailable;

    @Option(names = "--max-starting", paramLabel = "N",
            description = "process: at most N child JVMs starting at once; 0 = no limit, as the coursework "
                    + "(default: 4 per CPU)")
    Integer maxStarting;

    @Option(names = "--plain-children", description = "process: plain child JVMs, without the cheap flags and CDS")
    boolean plainChildren;

    @Option(names = "--child-jvm-option", paramLabel = "OPT",
            description = "process: one more JVM option for every child (repeatable), e.g. -Xmx64m")
    List<String> childJvmOptions = new ArrayList<>();

    @Option(names = "--warm-up", defaultValue = "1000", paramLabel = "N",
            description = {"before the run, make N connections against a private responder on loopback in this JVM "
                    + "(never the server), so that the client's code is compiled before the first client counts; "
                    + "0 = none; not for process, whose children are fresh JVMs (default: ${DEFAULT-VALUE})"})
    int warmUp;

    @Option(names = "--jfr", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = {"record a JFR recording with jfr/timelab.jfc's settings into FILE (default: "
                    + "jfr/client-<strategy>-<timestamp>.jfr): timelab.ClientRequest per connection, "
                    + "timelab.Concurrency every second; the path is printed at the end"})
    String jfr;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (warmUp < 0) {
            throw usage("--warm-up must be ≥ 0, was " + warmUp);
        }
        ClientStrategy s = strategy();
        LoadPlan plan = plan();
        String mode = progressMode();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("timelab client: strategy=%s clients=%s requests=%d%s → %s:%s, pid %d, Java %s%n", s.label(),
                plan.clients() == Integer.MAX_VALUE ? "unbounded" : plan.clients(), plan.requests(),
                plan.hold() ? " hold" : "", plan.host(), plan.ports().size() == 1 ? plan.ports().get(0) : plan.ports(),
                ProcessHandle.current().pid(), Runtime.version());
        out.flush();
        // registering sets up JFR's metadata, a few hundred ms of CPU: before the warm-up, not while clients count
        AtomicReference<LoadRun> running = new AtomicReference<>();
        try (ConcurrencyEvents.Registration concurrency = ConcurrencyEvents.register("client", () -> {
            LoadRun r = running.get();
            Progress p = r == null ? null : r.progress();
            return p == null ? new ConcurrencyCounts(s.label(), 0, 0, 0, 0)
                    : new ConcurrencyCounts(s.label(), p.open(), p.peakOpen(), p.virtualThreads(),
                            p.peakVirtualThreads());
        })) {
            return run(s, plan, mode, out, running);
        }
    }

    private int run(ClientStrategy s, LoadPlan plan, String mode, PrintWriter out, AtomicReference<LoadRun> running)
            throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        long warmStart = System.nanoTime();
        ClientRun warmed = LoadRun.warmUp(plan, s, warmUp);
        if (warmed != null) {
            out.printf(Locale.ROOT, "warm-up: %d connections to a loopback responder in this JVM, %.2f s%s (not "
                    + "counted)%n", warmed.clients(), (System.nanoTime() - warmStart) / 1e9,
                    warmed.failed() == 0 ? "" : ", " + warmed.failed() + " failed: " + warmed.failures().keySet());
            out.flush();
        }
        JfrRecording recording = jfr == null ? null
                : JfrRecording.start("client", s.label(), jfr.isEmpty() ? Optional.empty() : Optional.of(Path.of(jfr)));
        if (recording != null) {
            out.println("JFR: recording to " + recording.path() + " (written at the end)");
        }
        boolean events = recording != null;
        ClientObserver observer = !verbose && !events ? ClientObserver.NONE : new ClientObserver() {
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
        LoadRun run = LoadRun.start(plan, s, observer);
        running.set(run);
        Signals.onTerminate(run::stop);
        CountDownLatch done = new CountDownLatch(1);
        Thread progressThread = mode.equals("off") ? null
                : Thread.ofPlatform().name("timelab-client-progress").daemon().start(() -> showProgress(run, mode,
                        err, done));
        ClientRun result;
        try {
            result = run.await();
        } finally {
            done.countDown();
            if (progressThread != null) {
                progressThread.join(2_000);
            }
        }
        if (verbose) {
            out.flush();
        }
        out.print(ClientReport.summary(result));
        out.flush();
        if (json != null) {
            try {
                Files.writeString(json, result.toJson() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("cannot write " + json + ": " + e.getMessage(), e);
            }
            out.println("JSON written to " + json);
        }
        if (resultMessage) {
            out.println(Messages.encode(new Message.Result(result)));
        }
        if (recording != null) {
            out.println("JFR recording: " + recording.stop());
        }
        if (result.failed() > maxFailures) {
            out.printf("%d clients failed, more than --max-failures %d: exit code %d%n", result.failed(), maxFailures,
                    ExitCode.FAILURES.code());
            out.flush();
            return ExitCode.FAILURES.code();
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static void showProgress(LoadRun run, String mode, PrintWriter err, CountDownLatch done) {
        boolean bar = mode.equals("bar");
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

    private String progressMode() {
        String m = progress.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (m) {
            case "auto" -> verbose ? "off" : Terminal.isTerminal() ? "bar" : "lines";
            case "bar", "lines", "off" -> m;
            default -> throw usage("--progress must be auto, bar, lines or off, was '" + progress + "'");
        };
    }

    private ClientStrategy strategy() {
        if (poolSize != null && poolSize < 1) {
            throw usage("--pool-size must be at least 1");
        }
        int pool = poolSize != null ? poolSize : Runtime.getRuntime().availableProcessors();
        try {
            return ClientStrategy.parse(strategy, pool);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private LoadPlan plan() {
        try {
            double r = rate == null ? 0 : rate;
            if (rate != null && !(rate > 0)) {
                throw new IllegalArgumentException("--rate must be above 0");
            }
            Duration d = duration == null ? Duration.ZERO : duration;
            if (duration != null && duration.isZero()) {
                throw new IllegalArgumentException("--duration must be above 0");
            }
            int n;
            if (clients != null) {
                n = clients;
            } else if (r > 0 && !d.isZero()) {
                n = (int) Math.min(Integer.MAX_VALUE, Math.ceil(r * d.toNanos() / 1e9));
            } else {
                n = 1;
            }
            if (maxFailures < 0) {
                throw new IllegalArgumentException("--max-failures must not be negative");
            }
            LoadPlan.Spawning spawning = new LoadPlan.Spawning(minMemAvailable == null ? 0 : minMemAvailable,
                    maxStarting == null ? LoadPlan.Spawning.DEFAULT_MAX_STARTING : maxStarting, !plainChildren,
                    childJvmOptions);
            return new LoadPlan(host, ports, sourceAddresses == null ? List.of() : sourceAddresses, n, requests, hold,
                    holdFor == null ? Duration.ZERO : holdFor, d, r, ramp == null ? Duration.ZERO : ramp,
                    connectTimeout, readTimeout, exchange(), spawning);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private LoadPlan.Exchange exchange() {
        String svc = service != null ? service : (send != null || expect != null) && message == null ? "line"
                : message != null ? "charcount" : "time";
        if (message != null && send != null) {
            throw new IllegalArgumentException("give --message or --send, not both");
        }
        String line = message != null ? message : send;
        if (expect != null && !svc.equals("line")) {
            throw new IllegalArgumentException("--expect applies to --service line only (time and charcount replies "
                    + "are checked exactly)");
        }
        return switch (svc) {
            case "time" -> new LoadPlan.Exchange("time", line == null ? "TIME" : line, "", quit == null ? "QUIT"
                    : quit);
            case "charcount" -> {
                if (line == null) {
                    throw new IllegalArgumentException("--service charcount needs --message, e.g. --message 'abc{n}a'");
                }
                yield new LoadPlan.Exchange("charcount", line, "", quit == null ? "QUIT" : quit);
            }
            case "line" -> {
                if (line == null) {
                    throw new IllegalArgumentException("--service line needs --send, e.g. --send PING --expect +PONG");
                }
                yield LoadPlan.Exchange.line(line, expect, quit);
            }
            default -> throw new IllegalArgumentException("--service must be time, charcount or line, was '" + svc
                    + "'");
        };
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
