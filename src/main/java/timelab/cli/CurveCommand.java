package timelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import timelab.app.ExitCode;
import timelab.experiment.CurveExperiment;
import timelab.experiment.CurveResult;
import timelab.experiment.Machine;
import timelab.experiment.Prediction;
import timelab.fork.JavaRuntime;
import timelab.report.CurveReport;
import timelab.report.Report;
import timelab.server.ServerModel;
import timelab.work.Work;

/** {@code timelab curve}: throughput and latency as load grows, each model's saturation beside its prediction. */
@Command(name = "curve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "For each server model (a child JVM with --work), steps of growing load: N = 1, 2, 4, ... persistent "
                    + "connections looping requests (closed model), or requests offered at each --rates rate (open "
                    + "model, latency from each request's intended start). Finds where each model saturates and "
                    + "prints it beside the number a law predicts, naming what runs out.",
            "--work call or call:xK starts a backend server child (--backend-model, --backend-work) and makes each "
                    + "request K round trips to it; call:HOST:PORT[xK] calls a running server instead.",
            "Writes report.json (kind curve) and report.html with three charts into the report folder."
        })
final class CurveCommand implements Callable<Integer> {

    private static final Pattern CALL_CHILD = Pattern.compile("call(?::x(\\d{1,4}))?");

    @Spec
    CommandSpec spec;

    @Mixin
    ExperimentOptions options;

    @Mixin
    ServerProcessesOption serverProcesses;

    @Option(names = "--models", defaultValue = "all", paramLabel = "M[,M...]",
            description = "server models: platform, fixed[:N], cached, virtual, nio, single, or all; fixed without N "
                    + "gets the CPU count (default: ${DEFAULT-VALUE})")
    String models;

    @Option(names = "--work", defaultValue = "delay:50ms", paramLabel = "SPEC",
            description = "the work of each request: sleep:D, delay:D, cpu:D, pinned:D, none, call[:xK] (a backend "
                    + "child) or call:HOST:PORT[xK] (default: ${DEFAULT-VALUE})")
    String work;

    @Option(names = "--max-clients", defaultValue = "32", paramLabel = "N",
            description = "closed model: steps of 1, 2, 4, ... clients up to N (default: ${DEFAULT-VALUE})")
    int maxClients;

    @Option(names = "--rates", paramLabel = "R[,R...]",
            description = "open model instead: one step per offered rate (requests/s, growing), one request per "
                    + "connection")
    String rates;

    @Option(names = "--step-duration", defaultValue = "4s", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "how long each step runs (default: ${DEFAULT-VALUE})")
    Duration stepDuration;

    @Option(names = "--max-duration", defaultValue = "15m", converter = Converters.DurationConverter.class,
            paramLabel = "D", description = "bound on the whole run; a started step finishes (default: "
                    + "${DEFAULT-VALUE})")
    Duration maxDuration;

    @Option(names = "--backend-model", defaultValue = "virtual", paramLabel = "MODEL",
            converter = ChoiceConverters.ModelConverter.class,
            description = "with --work call[:xK]: the backend child's model (default: ${DEFAULT-VALUE})")
    ChoiceConverters.PoolSized<ServerModel> backendModel;

    @Option(names = "--backend-work", defaultValue = "delay:50ms", paramLabel = "SPEC",
            converter = ChoiceConverters.WorkConverter.class,
            description = "with --work call[:xK]: the backend child's work (default: ${DEFAULT-VALUE})")
    Work backendWork;

    @Override
    public Integer call() throws Exception {
        CurveExperiment.Plan plan = plan();
        Instant started = Instant.now();
        Path dir = options.report.folder(started);
        Machine machine = Machine.current();
        Experiments.say(spec, String.format(Locale.ROOT, "curve: %s with %s, steps of %s %s, %.1f s each, at most "
                + "%s", String.join(", ", plan.models().stream().map(ServerModel::label).toList()), work,
                plan.loads().stream().map(l -> l == Math.rint(l) ? Long.toString(Math.round(l)) : Double.toString(l))
                        .toList(), plan.sweep().unit(), plan.step().toMillis() / 1000.0, maxDuration));
        CurveResult result = CurveExperiment.run(plan, dir, line -> Experiments.say(spec, line));
        finish(spec, started, machine, plan.java(), dir, result);
        return ExitCode.OK.code();
    }

    /** The plan from the options; every bad value a usage error naming its option. */
    CurveExperiment.Plan plan() {
        List<ServerModel> chosen = ExperimentOptions.models(spec, "--models", models);
        if (maxClients < 1) {
            throw new ParameterException(spec.commandLine(), "--max-clients must be at least 1, was " + maxClients);
        }
        if (stepDuration.isZero() || stepDuration.isNegative() || maxDuration.isZero() || maxDuration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--step-duration and --max-duration must be > 0");
        }
        Matcher child = CALL_CHILD.matcher(work.strip());
        CurveExperiment.BackendSpec backend = null;
        Work w;
        if (child.matches()) {
            int calls = child.group(1) == null ? 1 : Integer.parseInt(child.group(1));
            w = parse("--work", "call:127.0.0.1:1x" + calls); // the port is the backend child's, set when it listens
            backend = backend();
        } else {
            w = parse("--work", work);
            if (spec.commandLine().getParseResult().hasMatchedOption("--backend-work")
                    || spec.commandLine().getParseResult().hasMatchedOption("--backend-model")) {
                throw new ParameterException(spec.commandLine(),
                        "--backend-model and --backend-work need --work call or call:xK (a backend child)");
            }
        }
        if (rates != null && spec.commandLine().getParseResult().hasMatchedOption("--max-clients")) {
            throw new ParameterException(spec.commandLine(), "--rates and --max-clients do not mix: a sweep is of "
                    + "offered rates (open model) or of clients (closed model)");
        }
        List<Double> loads = rates == null ? CurveExperiment.Plan.doubling(maxClients) : rates();
        try {
            return new CurveExperiment.Plan(chosen, w, backend, rates == null ? CurveResult.Sweep.CLIENTS
                    : CurveResult.Sweep.RATE, loads, stepDuration, maxDuration,
                    Prediction.Host.on(options.java().jdk()),
                    serverProcesses.apply(spec, ExperimentOptions.serverConfig(spec, "--work", List.of())),
                    options.timeouts.connectTimeout, options.timeouts.readTimeout, false, options.java());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private CurveExperiment.BackendSpec backend() {
        if (backendWork instanceof Work.Call) {
            throw new ParameterException(spec.commandLine(), "--backend-work: the backend's work cannot be a call");
        }
        return new CurveExperiment.BackendSpec(backendModel.withPoolSize(ExperimentOptions.cpus()),
                backendWork);
    }

    private Work parse(String option, String value) {
        try {
            return Work.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage(), e);
        }
    }

    private List<Double> rates() {
        List<Double> out = new ArrayList<>();
        for (String r : rates.split(",")) {
            try {
                double v = Double.parseDouble(r.strip());
                if (!(v > 0) || Double.isInfinite(v) || !out.isEmpty() && v <= out.get(out.size() - 1)) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--rates: '" + r + "' is not a rate > 0 above the one "
                        + "before it");
            }
        }
        return List.copyOf(out);
    }

    /** Writes the report into {@code dir}, prints the findings, the table and where the report is. */
    static CurveReport finish(CommandSpec spec, Instant started, Machine machine, JavaRuntime java, Path dir,
            CurveResult result) throws IOException {
        String command = "timelab " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        CurveReport report = CurveReport.write(CurveReport.of("timelab curve: throughput and latency as load grows ("
                + result.work().label() + ")", started.truncatedTo(ChronoUnit.SECONDS).toString(),
                command, machine, Report.Jdks.of(java),
                result, Duration.between(started, Instant.now()).toMillis() / 1000.0), dir);
        PrintWriter out = spec.commandLine().getOut();
        out.print(CurveReport.console(report.curve()));
        out.flush();
        Experiments.say(spec, "report: " + dir.resolve("report.html").toAbsolutePath().normalize());
        return report;
    }
}
