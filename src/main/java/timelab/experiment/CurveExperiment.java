package timelab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import timelab.app.ClientAppConfig;
import timelab.app.Evidence;
import timelab.app.ServerAppConfig;
import timelab.client.ClientRun;
import timelab.client.ChildEngines;
import timelab.client.ClientObserver;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.client.LoadGenerator;
import timelab.client.LoadPlan;
import timelab.fork.JavaRuntime;
import timelab.fork.Jdk;
import timelab.measure.ProcessProbe;
import timelab.server.ServerModel;
import timelab.server.ServerStatus;
import timelab.server.WorkerStatus;
import timelab.work.Work;

/**
 * {@code timelab curve}: for each server model, a server child with the work, then steps of growing load, each a
 * client child (virtual threads, persistent connections) — throughput and latency as load grows, the saturation
 * found by {@link Saturation} beside the number {@link Prediction} gives. A model's sweep stops once its
 * saturation is confirmed (two steps past the knee); the whole run stops at {@code maxDuration}. {@code call} work
 * gets a backend server child of its own, started first and shared by every model.
 */
public final class CurveExperiment {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int WARM_UP = 200;

    /**
     * @param models the server models, in order
     * @param work the work of each request; a {@link Work.Call} is replaced by one to the backend child when
     *     {@code backend} is given
     * @param backend the backend child of {@code call} work, {@code null} for none
     * @param sweep what the loads count
     * @param loads the loads, growing: clients (whole numbers) or offered requests per second
     * @param step how long each step runs
     * @param maxDuration the whole run's bound
     * @param host what the predictions assume about the server's JVM
     * @param serverConfig the server children's template (its model and work are set per model)
     * @param clientInProcess run each step's client in this JVM instead of a child: no JVM start per step, for the
     *     demo's short curve (the server stays a child, on {@code java})
     * @param java what the server, backend and client children run on ({@code --java})
     */
    public record Plan(List<ServerModel> models, Work work, BackendSpec backend, CurveResult.Sweep sweep,
            List<Double> loads, Duration step, Duration maxDuration, Prediction.Host host, ServerAppConfig serverConfig,
            Duration connectTimeout, Duration readTimeout, boolean clientInProcess, JavaRuntime java) {
        public Plan {
            Objects.requireNonNull(java, "java");
            models = List.copyOf(models);
            loads = List.copyOf(loads);
            Objects.requireNonNull(work, "work");
            Objects.requireNonNull(sweep, "sweep");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(serverConfig, "serverConfig");
            if (models.isEmpty() || loads.isEmpty()) {
                throw new IllegalArgumentException("a curve needs at least one model and one step");
            }
            for (int i = 0; i < loads.size(); i++) {
                if (!(loads.get(i) > 0) || i > 0 && loads.get(i) <= loads.get(i - 1)) {
                    throw new IllegalArgumentException("the loads must be > 0 and grow, were " + loads);
                }
            }
            if (sweep == CurveResult.Sweep.CLIENTS && loads.stream().anyMatch(l -> l != Math.rint(l))) {
                throw new IllegalArgumentException("clients are whole numbers, were " + loads);
            }
            if (step.isNegative() || step.isZero() || maxDuration.isNegative() || maxDuration.isZero()) {
                throw new IllegalArgumentException("the step and the maximum duration must be > 0");
            }
            if (backend != null && !(work instanceof Work.Call)) {
                throw new IllegalArgumentException("a backend child needs call work");
            }
        }

        /** Whole numbers 1, 2, 4, … up to {@code max} (and {@code max} itself when it is no power of two). */
        public static List<Double> doubling(int max) {
            List<Double> out = new ArrayList<>();
            for (int n = 1; n <= max; n *= 2) {
                out.add((double) n);
            }
            if (out.get(out.size() - 1) != max) {
                out.add((double) max);
            }
            return List.copyOf(out);
        }
    }

    /**
     * The backend child of {@code call} work.
     *
     * @param model its model
     * @param work its work
     */
    public record BackendSpec(ServerModel model, Work work) {
        public BackendSpec {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(work, "work");
            if (work instanceof Work.Call) {
                throw new IllegalArgumentException("the backend's work must not itself be a call");
            }
        }
    }

    private CurveExperiment() {}

    /** Runs {@code plan}, its client results under {@code dir/runs}. */
    public static CurveResult run(Plan plan, Path dir, Consumer<String> log) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("runs"));
        long deadline = System.nanoTime() + plan.maxDuration().toNanos();
        ServerProcess backend = null;
        try {
            Work work = plan.work();
            CurveResult.Backend backendResult = null;
            if (plan.backend() != null) {
                BackendSpec b = plan.backend();
                backend = ServerProcess.start(plan.java(), configFor(plan, b.model(), b.work()).withProcesses(1),
                        Trial.SERVER_JVM, START_TIMEOUT); // the backend: one process, whatever the server runs as
                Work.Call call = (Work.Call) plan.work();
                work = new Work.Call("127.0.0.1", backend.port(), call.calls());
                backendResult = new CurveResult.Backend(b.model(), b.work(),
                        Prediction.of(b.model(), b.work(), plan.host(), null));
                log.accept("  backend: " + b.model().label() + " with " + b.work().label() + " on port "
                        + backend.port());
            }
            List<CurveResult.ModelCurve> curves = new ArrayList<>();
            String stopped = null;
            for (ServerModel model : plan.models()) {
                if (System.nanoTime() - deadline >= 0) {
                    stopped = outOfTime(plan) + " before " + model.label();
                    break;
                }
                Prediction prediction = Prediction.of(model, work, plan.host(),
                        backendResult == null ? null : backendResult.prediction());
                curves.add(model(plan, model, work, prediction, deadline, dir, log));
            }
            if (stopped == null && curves.stream().anyMatch(c -> outOfTime(plan).equals(c.note()))) {
                stopped = outOfTime(plan);
            }
            return new CurveResult(work, backendResult, plan.sweep(), plan.step().toNanos() / 1e9, plan.host(),
                    curves, stopped);
        } finally {
            if (backend != null) {
                stopQuietly(backend);
            }
        }
    }

    /**
     * Why a sweep stopped early, without naming an option: {@code timelab curve} sets the budget with
     * {@code --max-duration}, {@code timelab demo} with none.
     */
    private static String outOfTime(Plan plan) {
        return String.format(Locale.ROOT, "the time budget of %,d s ran out", plan.maxDuration().toSeconds());
    }

    private static CurveResult.ModelCurve model(Plan plan, ServerModel model, Work work, Prediction prediction,
            long deadline, Path dir, Consumer<String> log) throws IOException, InterruptedException {
        ServerAppConfig config = configFor(plan, model, work);
        log.accept("  " + model.label() + " with " + work.label() + ": predicted " + (prediction.predicts()
                ? String.format(Locale.ROOT, "%.1f req/s (%s)", prediction.perSecond(), prediction.law())
                : prediction.law()));
        List<CurveResult.Step> steps = new ArrayList<>();
        String note = null;
        try (ServerProcess server = ServerProcess.start(plan.java(), config, Trial.SERVER_JVM, START_TIMEOUT)) {
            for (double load : plan.loads()) {
                if (System.nanoTime() - deadline >= 0) {
                    note = outOfTime(plan);
                    break;
                }
                if (!server.isAlive()) {
                    note = "the server died; last output: " + String.join(" | ", server.lastLines());
                    break;
                }
                CurveResult.Step step = step(plan, server, model, prediction, load, dir);
                steps.add(step);
                log.accept(String.format(Locale.ROOT, "    %8s %s: %8.1f req/s, p50 %7.1f ms, p99 %7.1f ms%s",
                        CurveResult.ModelCurve.load(load), plan.sweep().unit(), step.throughput(), step.p50Ms(),
                        step.p99Ms(), step.failed() == 0 ? "" : ", " + step.failed() + " failed"));
                Saturation s = Saturation.of(steps.stream().map(CurveResult.Step::point).toList());
                if (s.saturated() && steps.size() - 1 > s.fired() && steps.size() < plan.loads().size()) {
                    note = "stopped at the step that confirmed saturation";
                    break;
                }
            }
            stopQuietly(server);
        }
        Saturation saturation = Saturation.of(steps.stream().map(CurveResult.Step::point).toList());
        CurveResult.ModelCurve curve = new CurveResult.ModelCurve(model, prediction, saturation, steps, note);
        log.accept("  → " + curve.finding(plan.sweep()));
        return curve;
    }

    /** One step: a client child at {@code load} against {@code server}, the server watched meanwhile. */
    private static CurveResult.Step step(Plan plan, ServerProcess server, ServerModel model, Prediction prediction,
            double load, Path dir) throws IOException, InterruptedException {
        Path json = dir.resolve(String.format(Locale.ROOT, "runs/curve-%s-%s.json",
                LimitExperiment.fileName(model.label()), CurveResult.ModelCurve.load(load)));
        ClientAppConfig client = clientConfig(plan, server.port(), load, prediction, json);
        List<ProcessProbe> probes = server.servingPids().stream().map(ProcessProbe::of).toList();
        long cpuBefore = cpuNanos(probes);
        ClientProcess.Result result;
        Run.Observed observed;
        Extremes watch = new Extremes(server.servingPids());
        try {
            result = plan.clientInProcess() ? inProcess(client) : inChild(client, plan);
        } finally {
            watch.close();
        }
        observed = watch.observed();
        double cpu = (cpuNanos(probes) - cpuBefore) / 1e9;
        return step(load, result, server.lastStatus(), observed.serverPeakRssBytes(), cpu)
                .withWorkers(workers(server.lastWorkers(), watch));
    }

    /** The CPU time of the server's processes (its workers, or the one) together. */
    private static long cpuNanos(List<ProcessProbe> probes) {
        return probes.stream().mapToLong(p -> p.cpu().toNanos()).sum();
    }

    /** Each worker of a server of several processes, its counters from its status and its peaks from the watch. */
    private static List<Run.Worker> workers(List<WorkerStatus> workers, Extremes watch) {
        return workers.stream().map(w -> {
            Extremes.Peaks p = watch.peaks(w.pid());
            return new Run.Worker(w.pid(), w.status().accepted(), w.status().peak(), p.osThreads(), p.openFds(),
                    p.rssBytes());
        }).toList();
    }

    private static ClientProcess.Result inChild(ClientAppConfig client, Plan plan) throws IOException,
            InterruptedException {
        try (ClientProcess child = ClientProcess.start(plan.java(), client, Trial.CLIENT_JVM)) {
            return child.await(plan.step().plus(plan.readTimeout()).plus(Duration.ofSeconds(60)));
        }
    }

    /** The step's client in this JVM, warmed up first, its result written where a child's would be. */
    private static ClientProcess.Result inProcess(ClientAppConfig client) throws IOException, InterruptedException {
        LoadGenerator.warmUp(client.plan(), client.strategy(), client.warmUp());
        ClientRun run = LoadGenerator.run(client.plan(), client.strategy(), ClientObserver.NONE, ChildEngines.NONE);
        Files.writeString(client.output().json(), run.toJson());
        return new ClientProcess.Result(run, 0, List.of(), null, Jdk.current());
    }

    static CurveResult.Step step(double load, ClientProcess.Result result, Optional<ServerStatus> status,
            long rssBytes, double cpuSeconds) {
        long platform = status.map(ServerStatus::peakPlatformThreads).orElse(-1L);
        long virtual = status.map(ServerStatus::peakVirtualThreads).orElse(-1L);
        long inFlight = status.map(ServerStatus::peakInFlight).orElse(-1L);
        long queued = status.map(ServerStatus::peakQueued).orElse(-1L);
        ClientRun r = result.run();
        if (r == null) {
            return new CurveResult.Step(load, 0, 0, -1, -1, -1, -1, -1, Map.of(), platform, virtual, inFlight, queued,
                    rssBytes, cpuSeconds, result.error());
        }
        Map<FailureKind, Long> failures = new EnumMap<>(FailureKind.class);
        r.failures().values().forEach(c -> failures.put(FailureKind.ofLabel(c.kind()), c.count()));
        ClientRun.Latency l = r.request() == null || r.request().count() == 0 ? Run.NO_LATENCY : r.request();
        double throughput = r.requestsPerSecond() == null ? 0 : r.requestsPerSecond(); // no reply: 0 in this step
        return new CurveResult.Step(load, throughput, r.requests(), l.p50Ms(), l.p90Ms(), l.p99Ms(),
                l.p999Ms(), l.maxMs(), failures, platform, virtual, inFlight, queued, rssBytes, cpuSeconds,
                result.error());
    }

    /**
     * The client child of one step: virtual threads; closed model, {@code load} connections looping for the step,
     * each making enough requests to last about a quarter of the step at low load (so a connection is persistent but
     * a step ends soon after its time); open model, {@code load} one-request connections a second, latency from each
     * one's intended start.
     */
    static ClientAppConfig clientConfig(Plan plan, int port, double load, Prediction prediction, Path json) {
        double perRequest = prediction.perClient() == null ? 0.001 : 1 / prediction.perClient();
        int requests = (int) Math.max(1, Math.min(1000, plan.step().toNanos() / 1e9 / 4 / perRequest));
        LoadPlan base = LoadPlan.time("127.0.0.1", port, 1).withTimeouts(plan.connectTimeout(), plan.readTimeout())
                .withDuration(plan.step());
        LoadPlan load0 = switch (plan.sweep()) {
            case CLIENTS -> base.withClients((int) load).withRequests(requests);
            case RATE -> base.withClients((int) Math.min(Integer.MAX_VALUE,
                    Math.ceil(load * plan.step().toNanos() / 1e9))).withRequests(1).withRate(load, Duration.ZERO);
        };
        ClientAppConfig.Output output = new ClientAppConfig.Output(json.toAbsolutePath(), false,
                ClientAppConfig.ProgressMode.OFF, Long.MAX_VALUE, true);
        return new ClientAppConfig(load0, new ClientStrategy.VirtualThreads(), WARM_UP, output, Evidence.NONE);
    }

    /** The plan's server template on {@code model} with {@code work}. */
    private static ServerAppConfig configFor(Plan plan, ServerModel model, Work work) {
        return plan.serverConfig().withServer(plan.serverConfig().server().withModel(model)
                .withHandling(plan.serverConfig().server().handling().withWork(work)));
    }

    private static void stopQuietly(ServerProcess server) {
        try {
            server.stop(STOP_TIMEOUT);
        } catch (IOException e) {
            server.close();
        }
    }
}
