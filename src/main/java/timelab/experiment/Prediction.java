package timelab.experiment;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import timelab.fork.Jdk;
import timelab.server.ServerModel;
import timelab.work.Work;

/**
 * The throughput a server model should saturate at under a work, by a law, with the resource that runs out named:
 * what {@code timelab curve} prints beside each model's measured saturation. Pure arithmetic over the means of the
 * work's waits; the one place that switches over {@link Work} to predict.
 *
 * @param perSecond the predicted saturation throughput in requests per second, {@code null} when no law predicts one
 *     for this model and work (the limit is the clients, then CPU, threads or memory)
 * @param resource what runs out, in words ({@code the pool's 2 threads}, {@code the CPUs})
 * @param law how the number follows, in words ({@code 2 threads ÷ 50 ms (Little's law)})
 * @param perClient what one closed-model client can ask for at most, requests per second (1 ÷ the work's mean), so N
 *     clients are bounded by N × this: the line to draw for models no law caps; {@code null} when the work has no
 *     duration ({@code none})
 */
public record Prediction(Double perSecond, String resource, String law, Double perClient) {

    public Prediction {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(law, "law");
        if (perSecond != null && !(perSecond > 0 && Double.isFinite(perSecond))) {
            throw new IllegalArgumentException("a predicted throughput must be a finite number > 0, was " + perSecond);
        }
        if (perClient != null && !(perClient > 0 && Double.isFinite(perClient))) {
            throw new IllegalArgumentException("a per-client bound must be a finite number > 0, was " + perClient);
        }
    }

    /**
     * Where the server runs.
     *
     * @param cores the CPUs the server may use
     * @param carriers the virtual threads' carriers (the JDK's default: the CPUs)
     * @param jdkFeature the server JVM's feature version (21, 25): pinning ends with JDK 24 (JEP 491)
     */
    public record Host(int cores, int carriers, int jdkFeature) {
        public Host {
            if (cores < 1 || carriers < 1 || jdkFeature < 1) {
                throw new IllegalArgumentException("cores, carriers and the JDK version must be ≥ 1");
            }
        }

        /** A server JVM on {@code jdk} on this machine: as many carriers as CPUs, the JDK's default. */
        public static Host on(Jdk jdk) {
            int cpus = Runtime.getRuntime().availableProcessors();
            return new Host(cpus, cpus, jdk.feature());
        }
    }

    /** Whether a law predicts a number. */
    public boolean predicts() {
        return perSecond != null;
    }

    /**
     * The prediction for {@code model} under {@code work} on {@code host}; {@code backend} is the backend's own
     * prediction for {@link Work.Call} (its {@code perClient} gives one round trip's wait), {@code null} otherwise or
     * when the backend is unknown (an external one).
     */
    public static Prediction of(ServerModel model, Work work, Host host, Prediction backend) {
        return switch (work) {
            case Work.None n -> new Prediction(null, "the CPUs (no work: a request costs microseconds)",
                    "none by law: bounded by CPU and the clients", null);
            case Work.Cpu c -> cpu(model, c.duration().mean(), host);
            case Work.Sleep s -> waiting(model, s.duration().mean(), true, false, host);
            case Work.Delay d -> waiting(model, d.duration().mean(), false, false, host);
            case Work.Pinned p -> waiting(model, p.duration().mean(), true, true, host);
            case Work.Call c -> call(model, c.calls(), host, backend);
        };
    }

    private static Prediction cpu(ServerModel model, Duration d, Host host) {
        double perClient = 1 / seconds(d);
        int threads = threads(model);
        if (threads > 0 && threads < host.cores()) {
            return new Prediction(threads * perClient, serving(model), threads + " thread" + (threads == 1 ? "" : "s")
                    + " ÷ " + ms(d) + " of CPU", perClient);
        }
        return new Prediction(host.cores() * perClient, "the CPUs", host.cores() + " cores ÷ " + ms(d) + " of CPU",
                perClient);
    }

    /**
     * A wait of {@code d} per request: a pool caps at N ÷ d (Little's law), one thread at 1 ÷ d unless it is the
     * event loop waiting the way it should, virtual threads at carriers ÷ d when the wait pins them.
     */
    private static Prediction waiting(ServerModel model, Duration d, boolean blocksLoop, boolean pins, Host host) {
        double perClient = 1 / seconds(d);
        int threads = threads(model);
        boolean loopWaits = (model instanceof ServerModel.EventLoop || model instanceof ServerModel.Netty)
                && !blocksLoop;
        if (threads > 0 && !loopWaits) {
            return new Prediction(threads * perClient, serving(model), threads + " thread" + (threads == 1 ? "" : "s")
                    + " ÷ " + ms(d) + " (Little's law)", perClient);
        }
        if (pins && model instanceof ServerModel.Virtual && host.jdkFeature() < 24) {
            return new Prediction(host.carriers() * perClient, "the " + host.carriers() + " carrier threads (pinned)",
                    host.carriers() + " carriers ÷ " + ms(d) + " (a pinned virtual thread holds its carrier, JDK "
                            + host.jdkFeature() + ")", perClient);
        }
        String why = loopWaits ? "the loop waits for nothing"
                : pins && model instanceof ServerModel.Virtual ? "JDK " + host.jdkFeature() + " does not pin (JEP 491)"
                : "a thread per connection";
        return new Prediction(null, "the clients, then CPU, threads or memory", "none by law (" + why
                + "): N clients ÷ " + ms(d), perClient);
    }

    private static String serving(ServerModel model) {
        if (model instanceof ServerModel.Netty n) {
            return "the " + n.loops() + " event loop" + (n.loops() == 1 ? "" : "s");
        }
        return model instanceof ServerModel.FixedPool f ? "the pool's " + f.threads() + " thread"
                + (f.threads() == 1 ? "" : "s") : "the one thread";
    }

    /**
     * {@code calls} sequential round trips to a backend: the backend's own limit ÷ calls, and the front's wait of
     * calls × the backend's wait, whichever is lower.
     */
    private static Prediction call(ServerModel model, int calls, Host host, Prediction backend) {
        if (backend == null || backend.perClient() == null) {
            return new Prediction(null, "the backend", "none known: the backend's work is not known here", null);
        }
        Duration wait = Duration.ofNanos(Math.round(calls * 1e9 / backend.perClient()));
        Prediction front = waiting(model, wait, false, false, host);
        if (backend.predicts() && (!front.predicts() || backend.perSecond() / calls < front.perSecond())) {
            return new Prediction(backend.perSecond() / calls, "the backend: " + backend.resource(),
                    "(" + backend.law() + ") ÷ " + calls + " calls", front.perClient());
        }
        return front;
    }

    /**
     * Threads that serve requests: 1 for {@code single} and {@code nio}, N for a fixed pool and {@code netty}'s N
     * loops, 0 for "as many".
     */
    static int threads(ServerModel model) {
        return switch (model) {
            case ServerModel.Single s -> 1;
            case ServerModel.EventLoop e -> 1;
            case ServerModel.FixedPool f -> f.threads();
            case ServerModel.Netty n -> n.loops();
            case ServerModel.Platform p -> 0;
            case ServerModel.CachedPool c -> 0;
            case ServerModel.Virtual v -> 0;
        };
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static String ms(Duration d) {
        double ms = d.toNanos() / 1e6;
        return ms == Math.rint(ms) ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.3g ms",
                ms);
    }
}
