package timelab.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelab.app.ClientApp;
import timelab.app.ClientAppConfig;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;
import timelab.netty.Transport;

/** {@code timelab client}: runs simulated clients against a server and reports what happened ({@link ClientApp}). */
@Command(name = "client",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs N simulated TIME clients with one of seven strategies and reports wall time, throughput, latency,"
                    + " failures by kind, and what the client used (threads, descriptors, memory).",
            "Exit code 0 when failures <= --max-failures, 1 when more: usable as a CI gate."
        })
final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--strategy", defaultValue = "platform", paramLabel = "S",
            converter = ChoiceConverters.StrategyConverter.class,
            description = "platform | fixed[:N] | cached | virtual | nio[:N] | netty[:N][/T] | process | "
                    + "process:K/S (default: ${DEFAULT-VALUE})")
    ChoiceConverters.TransportSpec<ClientStrategy> strategy;

    @Option(names = "--transport", paramLabel = "T", converter = ChoiceConverters.TransportConverter.class,
            description = "netty only: io_uring | epoll | nio, for a netty strategy written without /T (default: "
                    + "the best that loads here; one that cannot start falls back, saying why)")
    Transport transport;

    @Mixin
    PoolSizeOption pool;

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

    @Option(names = "--segment", paramLabel = "I/N", converter = Converters.SegmentConverter.class,
            description = "run segment I of N of the plan (I from 0, a Kubernetes Job's completion index): client n "
                    + "runs in segment (n-1) mod N at the time the whole plan gives it, so N segments together are "
                    + "the whole plan; merge their --json with timelab merge (default: 0/1, all of it)")
    LoadPlan.Segment segment;

    @Option(names = "--start-at", paramLabel = "T", converter = Converters.InstantConverter.class,
            description = "start the run's clock at T, an ISO-8601 instant (2026-12-07T05:00:00Z: every segment on "
                    + "the same one) or +D, a duration from now (+30s); already past: start at once, saying how late")
    Instant startAt;

    @Mixin
    TimeoutOptions timeouts;

    @Mixin
    TargetOptions target;

    @Mixin
    ExchangeOptions exchange;

    @Mixin
    ClientOutputOptions output;

    @Mixin
    SpawningOptions spawning;

    @Option(names = "--warm-up", defaultValue = "1000", paramLabel = "N",
            description = {"before the run, make N connections against a private responder on loopback in this JVM "
                    + "(never the server), so that the client's code is compiled before the first client counts; "
                    + "0 = none; not for process, whose children are fresh JVMs (default: ${DEFAULT-VALUE})"})
    int warmUp;

    @Mixin
    JfrOption jfr;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ClientAppConfig config = Usage.check(spec, () -> new ClientAppConfig(plan(),
                strategy.resolve(pool.orCpus(), transport), warmUp, output.output(), jfr.evidence(false), startAt));
        ClientApp app = new ClientApp(config, spec.commandLine().getOut(), spec.commandLine().getErr(),
                InstantSource.system());
        Signals.onTerminate(app::stop);
        return app.run().code();
    }

    /** The plan; {@link IllegalArgumentException} when the options do not make one. */
    private LoadPlan plan() {
        double r = rate == null ? 0 : rate;
        if (rate != null && !(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0");
        }
        Duration d = duration == null ? Duration.ZERO : duration;
        if (duration != null && duration.isZero()) {
            throw new IllegalArgumentException("--duration must be above 0");
        }
        int n = clients != null ? clients
                : r > 0 && !d.isZero() ? (int) Math.min(Integer.MAX_VALUE, Math.ceil(r * d.toNanos() / 1e9)) : 1;
        return new LoadPlan(target.host, target.ports, target.sources(), n, requests, hold,
                holdFor == null ? Duration.ZERO : holdFor, d, r, ramp == null ? Duration.ZERO : ramp,
                timeouts.connectTimeout, timeouts.readTimeout, exchange.exchange(), spawning.spawning(),
                segment == null ? LoadPlan.Segment.WHOLE : segment);
    }
}
