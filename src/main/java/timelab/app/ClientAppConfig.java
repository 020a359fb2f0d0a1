package timelab.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import timelab.client.ClientStrategy;
import timelab.client.LoadPlan;

/**
 * Everything {@link ClientApp} runs with: the load, the strategy that carries it and what is printed and written.
 * Validated here; round-trips through {@link AppJson}.
 *
 * @param plan what the clients do
 * @param strategy how they are carried
 * @param warmUp connections made against a private loopback responder before the run (never the server), ≥ 0
 * @param output what is printed and written besides the summary
 * @param evidence the JFR recording (a client takes no thread dump at peak)
 * @param startAt {@code --start-at}: the instant the run's clock starts (every segment of a plan on the same one), or
 *     {@code null} to start as soon as it is ready
 */
public record ClientAppConfig(LoadPlan plan, ClientStrategy strategy, int warmUp, Output output, Evidence evidence,
        Instant startAt) {

    public ClientAppConfig {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(evidence, "evidence");
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be ≥ 0, was " + warmUp);
        }
        if (evidence.threadDumpAtPeak()) {
            throw new IllegalArgumentException("the client takes no thread dump at peak");
        }
    }

    /** A run that starts as soon as it is ready. */
    public ClientAppConfig(LoadPlan plan, ClientStrategy strategy, int warmUp, Output output, Evidence evidence) {
        this(plan, strategy, warmUp, output, evidence, null);
    }

    /** {@code plan} on {@code strategy} as the command line runs it by default: no output besides the summary. */
    public static ClientAppConfig of(LoadPlan plan, ClientStrategy strategy) {
        return new ClientAppConfig(plan, strategy, 1000, Output.DEFAULT, Evidence.NONE);
    }

    /**
     * What the client prints and writes besides the summary.
     *
     * @param json where to write the run as JSON (docs/reference/report-json.md), or {@code null}
     * @param verbose one line per client, as the coursework printed
     * @param progress how progress is shown on {@code err} while the run goes
     * @param maxFailures more failed clients than this end with {@link ExitCode#FAILURES}, ≥ 0
     * @param resultMessage also print the run as one {@link timelab.fork.Message.Result} line, for a parent JVM
     *     ({@link ClientMain} sets it)
     */
    public record Output(Path json, boolean verbose, ProgressMode progress, long maxFailures, boolean resultMessage) {

        public static final Output DEFAULT = new Output(null, false, ProgressMode.OFF, 0, false);

        public Output {
            Objects.requireNonNull(progress, "progress");
            if (maxFailures < 0) {
                throw new IllegalArgumentException("--max-failures must not be negative");
            }
        }
    }

    /** How progress is shown while a run goes. */
    public enum ProgressMode {
        /** {@link #BAR} on a terminal, {@link #LINES} otherwise, {@link #OFF} with {@code verbose}. */
        AUTO,
        /** One updating line with a bar. */
        BAR,
        /** A {@code progress key=value} line a second. */
        LINES,
        /** Nothing. */
        OFF;

        /** The name on the command line: {@code auto}, {@code bar}, {@code lines}, {@code off}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code auto|bar|lines|off}, case-insensitively. */
        public static ProgressMode parse(String s) {
            for (ProgressMode m : values()) {
                if (m.label().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("--progress must be auto, bar, lines or off, was '" + s + "'");
        }
    }
}
