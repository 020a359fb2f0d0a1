package timelab.experiment;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import timelab.app.ServerAppConfig;
import timelab.client.ClientStrategy;
import timelab.fork.JavaRuntime;

/**
 * {@code timelab limit}: the most concurrent clients a strategy holds with zero failures, and what ran out. Each step
 * of the {@link LimitSearch} is a {@link Trial}: a fresh server child (so no step inherits the last one's threads),
 * a client child holding every connection until all are up ({@code --hold}), then {@link Diagnosis} on the first
 * failing step.
 */
public final class LimitExperiment {

    /**
     * @param strategy the client strategy
     * @param server a server child per step, or a running server
     * @param ceiling the most clients to try
     * @param maxDuration the search's time budget (a started step finishes)
     * @param serverConfig the server child's config (e.g. with {@code --max-connections 150}); its model is the
     *     child's of {@code server}, its idle timeout is off (connections are held for as long as a step takes)
     * @param java what the server and client children run on
     * @param timeOption the option of the command that sets {@code maxDuration} ({@code --max-duration},
     *     {@code --limit-time}): the advice of a search cut short by time names it
     */
    public record Plan(ClientStrategy strategy, ServerUnderTest server, int ceiling, Duration maxDuration,
            Duration connectTimeout, Duration readTimeout, ServerAppConfig serverConfig, JavaRuntime java,
            String timeOption) {
        public Plan {
            Objects.requireNonNull(timeOption, "timeOption");
            Objects.requireNonNull(java, "java");
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(serverConfig, "serverConfig");
            Objects.requireNonNull(server, "server");
            if (ceiling < 1) {
                throw new IllegalArgumentException("the ceiling must be at least 1, was " + ceiling);
            }
        }
    }

    /**
     * How long each step keeps its connections open once all are connected: time for the server's acceptor to take
     * the connections still queued in its kernel while the first ones are still open, so that a server at its
     * {@code --max-connections} turns the extra ones away ({@code busy}) instead of serving them after the first ones
     * closed. Whether the server really had them all open at once is reported ({@link Run#shortfall()}), not judged:
     * a thread-per-connection server accepts some 1,000–1,500 connections a second here, so at thousands of
     * clients it is still accepting when the hold ends.
     */
    static final Duration HOLD_FOR = Duration.ofSeconds(1);

    private LimitExperiment() {}

    /** Runs the search; each step's client JSON goes under {@code dir/runs}. */
    public static LimitResult run(Plan plan, Machine machine, Path dir, Consumer<String> log)
            throws IOException, InterruptedException {
        InstantSource clock = InstantSource.system();
        Instant start = clock.instant();
        Instant deadline = start.plus(plan.maxDuration());
        Map<Integer, Run> runs = new LinkedHashMap<>();
        LimitSearch.Probe probe = clients -> {
            Duration left = Duration.between(clock.instant(), deadline);
            Duration timeout = left.compareTo(Duration.ofMinutes(2)) < 0 ? Duration.ofMinutes(3)
                    : left.plusMinutes(1);
            Trial.Spec spec = new Trial.Spec("limit-" + fileName(plan.strategy().label()) + "-" + clients,
                    plan.strategy(), plan.server(), serverConfig(plan), clients, true,
                    new Trial.Timing(plan.connectTimeout(), plan.readTimeout(), HOLD_FOR), false, timeout,
                    plan.java());
            Run run;
            try {
                run = Trial.run(spec, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("interrupted"));
            }
            runs.put(clients, run);
            String outcome = run.error() != null ? "incomplete: " + run.error()
                    : run.failed() > 0
                    ? String.format(Locale.ROOT, "%,d failed: %s", run.failed(), Diagnosis.kinds(run))
                    : run.shortfall() > 0
                            ? String.format(Locale.ROOT, "all held and served (the server had %,d open at once: it "
                                    + "accepted the rest after the first ones closed)", run.server().peakConnections())
                            : "all held and served";
            log.accept(String.format(Locale.ROOT, "  %,9d clients: %s (%.1f s)", clients, outcome, run.wallSeconds()));
            return new LimitSearch.Step(clients, run.unserved(), Diagnosis.kinds(run));
        };
        LimitSearch.Result result;
        try {
            result = LimitSearch.search(probe, plan.ceiling(), plan.maxDuration(), clock);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof InterruptedIOException) {
                throw new InterruptedException("the limit search was interrupted");
            }
            throw e.getCause();
        }
        Run firstBad = result.firstBad() == null ? null : runs.get(result.firstBad().clients());
        Run lastGood = runs.get(result.maximum());
        Diagnosis.Finding finding = Diagnosis.of(result.stop(), result.maximum(), plan.ceiling(), firstBad, lastGood,
                machine, plan.timeOption());
        return new LimitResult(plan.strategy(), plan.server(), result.maximum(),
                result.stop(), firstBad, finding.resource(), finding.reason(),
                List.copyOf(runs.values()),
                Duration.between(start, clock.instant()).toMillis() / 1000.0);
    }

    private static ServerAppConfig serverConfig(Plan plan) {
        return plan.serverConfig().withServer(plan.serverConfig().server().withIdleTimeout(Duration.ZERO));
    }

    /** A strategy or model label as a file name part: {@code process:4/virtual} → {@code process_4_virtual}. */
    static String fileName(String label) {
        return label.replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
