package timelab.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import timelab.client.FailureKind;
import timelab.server.ServerModel;
import timelab.work.Work;

/**
 * What {@code timelab curve} found: for each server model, its steps of growing load, its measured saturation and
 * the prediction beside it. The {@code curve} part of its {@code report.json}.
 *
 * @param work the work each request cost, as asked ({@code call} work names its backend child's port)
 * @param backend the backend server child of {@code call} work, {@code null} without one
 * @param sweep {@code clients} (closed model: N connections looping requests) or {@code rate} (open model: offered
 *     requests per second, latency from each request's intended start)
 * @param stepSeconds how long each step ran
 * @param host the cores, carriers and JDK the predictions assume
 * @param models one curve per model, in the order they ran
 * @param stopped why the sweep ended before every model ran every step ({@code --max-duration}), {@code null} if it
 *     did not
 */
public record CurveResult(Work work, Backend backend, Sweep sweep, double stepSeconds, Prediction.Host host,
        List<ModelCurve> models, String stopped) {

    public CurveResult {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(host, "host");
        models = List.copyOf(models);
    }

    /**
     * The backend of {@code call} work: a plain timelab server child.
     *
     * @param model its model
     * @param work its work
     * @param prediction what it saturates at by itself
     */
    public record Backend(ServerModel model, Work work, Prediction prediction) {
        public Backend {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(work, "work");
            Objects.requireNonNull(prediction, "prediction");
        }
    }

    /**
     * One model's curve: the prediction stored next to the measurement.
     *
     * @param model the server model
     * @param prediction what a law predicts
     * @param saturation where it saturated, measured
     * @param steps the steps, in the order they ran
     * @param note why the sweep stopped early (two steps past saturation, the server died), {@code null} if it ran
     *     every step
     */
    public record ModelCurve(ServerModel model, Prediction prediction, Saturation saturation, List<Step> steps,
            String note) {
        public ModelCurve {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(prediction, "prediction");
            Objects.requireNonNull(saturation, "saturation");
            steps = List.copyOf(steps);
        }

        /**
         * Measured over predicted, minus one ({@code 0.01} = 1% above); {@code null} without both numbers. In the
         * JSON beside the prediction and the saturation.
         */
        @JsonProperty("deviation")
        public Double deviation() {
            return prediction.predicts() && saturation.saturated()
                    ? saturation.throughput() / prediction.perSecond() - 1 : null;
        }

        /** The finding in words: the saturation, the prediction beside it, how far apart. */
        public String finding(Sweep sweep) {
            String loadUnit = sweep.unit();
            StringBuilder s = new StringBuilder(model.label());
            if (saturation.saturated()) {
                s.append(String.format(Locale.ROOT, " saturated at %.1f req/s with %s %s (%s)", saturation.throughput(),
                        load(saturation.load()), unit(loadUnit, saturation.load()), saturation.rule().words()));
            } else if (!steps.isEmpty()) {
                Step last = steps.get(steps.size() - 1);
                s.append(String.format(Locale.ROOT, " did not saturate: %.1f req/s at %s %s, p99 %.1f ms (%s)",
                        last.throughput(), load(last.load()), unit(loadUnit, last.load()), last.p99Ms(),
                        saturation.rule().words()));
            } else {
                s.append(" ran no step");
            }
            if (prediction.predicts()) {
                s.append(String.format(Locale.ROOT, "; predicted %.1f req/s = %s", prediction.perSecond(),
                        prediction.law()));
                if (deviation() != null) {
                    double off = Math.abs(deviation());
                    s.append(off < 0.01 ? ": within 1%" : String.format(Locale.ROOT, ": %.0f%% %s", off * 100,
                            deviation() > 0 ? "above" : "below"));
                }
                s.append("; what runs out: ").append(prediction.resource());
            } else {
                s.append("; predicted: ").append(prediction.law()).append("; what runs out: ")
                        .append(prediction.resource());
                if (sweep == Sweep.CLIENTS && prediction.perClient() != null && !steps.isEmpty()) {
                    double n = steps.get(steps.size() - 1).load();
                    s.append(String.format(Locale.ROOT, " (the clients' own bound at %s clients: %.1f req/s)",
                            load(n), n * prediction.perClient()));
                }
            }
            if (saturation.saturated() && !prediction.predicts() && !steps.isEmpty()) { // no law named it
                Step last = steps.get(steps.size() - 1);
                double wall = last.throughput() > 0 ? last.requests() / last.throughput() : 0;
                if (last.serverCpuSeconds() > 0 && wall > 0) {
                    s.append(String.format(Locale.ROOT, "; at its last step (%s %s) the server used %.2f cores of CPU",
                            load(last.load()), unit(loadUnit, last.load()), last.serverCpuSeconds() / wall));
                }
            }
            return s.toString();
        }

        /** {@code clients} for every load but one client. */
        private static String unit(String unit, double load) {
            return load == 1 && unit.equals("clients") ? "client" : unit;
        }

        static String load(double load) {
            return load == Math.rint(load) ? String.format(Locale.ROOT, "%.0f", load)
                    : String.format(Locale.ROOT, "%.1f", load);
        }
    }

    /**
     * One step of load against one model.
     *
     * @param load clients (closed) or offered requests per second (open)
     * @param throughput answered requests per second over the client's wall time
     * @param requests requests answered
     * @param p50Ms request latency percentiles, -1 when nothing was measured
     * @param failures failed connections by kind (labels in the JSON)
     * @param serverPlatformThreads the server's most live platform threads so far (the load only grows)
     * @param serverVirtualThreads the most virtual threads it started at once so far
     * @param serverPeakInFlight the most requests in flight at once so far
     * @param serverPeakQueued the most requests or connections waiting for a thread or the loop so far
     * @param serverPeakRssBytes the server's most resident memory during the step, -1 when unknown
     * @param serverCpuSeconds the server's CPU time (user + system) during the step
     * @param error why the step has no whole result, {@code null} when it has one
     * @param serverWorkers with {@code --server-processes N}: each worker process (the figures above are their
     *     totals); empty (and left out of the JSON) for one process
     */
    public record Step(double load, double throughput, long requests, double p50Ms, double p90Ms, double p99Ms,
            double p999Ms, double maxMs, Map<FailureKind, Long> failures, long serverPlatformThreads,
            long serverVirtualThreads, long serverPeakInFlight, long serverPeakQueued, long serverPeakRssBytes,
            double serverCpuSeconds, String error,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Run.Worker> serverWorkers) {
        public Step {
            Map<FailureKind, Long> copy = new EnumMap<>(FailureKind.class);
            copy.putAll(failures);
            failures = Collections.unmodifiableMap(copy);
            serverWorkers = serverWorkers == null ? List.of() : List.copyOf(serverWorkers);
        }

        /** A step against one server process. */
        public Step(double load, double throughput, long requests, double p50Ms, double p90Ms, double p99Ms,
                double p999Ms, double maxMs, Map<FailureKind, Long> failures, long serverPlatformThreads,
                long serverVirtualThreads, long serverPeakInFlight, long serverPeakQueued, long serverPeakRssBytes,
                double serverCpuSeconds, String error) {
            this(load, throughput, requests, p50Ms, p90Ms, p99Ms, p999Ms, maxMs, failures, serverPlatformThreads,
                    serverVirtualThreads, serverPeakInFlight, serverPeakQueued, serverPeakRssBytes, serverCpuSeconds,
                    error, List.of());
        }

        /** With {@code workers} as its server's worker processes. */
        Step withWorkers(List<Run.Worker> workers) {
            return new Step(load, throughput, requests, p50Ms, p90Ms, p99Ms, p999Ms, maxMs, failures,
                    serverPlatformThreads, serverVirtualThreads, serverPeakInFlight, serverPeakQueued,
                    serverPeakRssBytes, serverCpuSeconds, error, workers);
        }

        /** Failed connections of every kind. */
        public long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The step as the saturation rules see it. */
        Saturation.Point point() {
            return new Saturation.Point(load, throughput, p99Ms);
        }
    }

    /** The step length as a duration. */
    public Duration stepDuration() {
        return Duration.ofNanos(Math.round(stepSeconds * 1e9));
    }

    /** What a sweep grows: a closed set. */
    public enum Sweep {
        /** Closed model: N connections, each looping requests. */
        CLIENTS("clients", "clients"),
        /** Open model: requests offered at a rate, latency from each one's intended start. */
        RATE("rate", "req/s offered");

        private final String label;
        private final String unit;

        Sweep(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        @JsonValue
        public String label() {
            return label;
        }

        /** What a step's load counts, in words. */
        public String unit() {
            return unit;
        }
    }
}
