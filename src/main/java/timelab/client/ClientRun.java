package timelab.client;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The result of a client run: what {@code timelab client} prints as its summary and writes with {@code --json}.
 * Serialised by Jackson as-is; the schema is documented and versioned in docs/reference/report-json.md ({@link
 * #SCHEMA_VERSION}). Fields that do not apply are {@code null} and left out of the JSON.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param strategy the strategy's label
 * @param plan what was asked for
 * @param startedAt ISO-8601 instant the run started
 * @param java the JVM that ran the client ({@code Runtime.version()})
 * @param pid the client's process id
 * @param interrupted whether the run was stopped early (Ctrl-C, SIGTERM)
 * @param wallSeconds from the first client's start to the last one's end
 * @param clients clients started (connections attempted; a client that could get no thread or process counts)
 * @param succeeded clients whose every request got the right reply
 * @param failed clients that failed, by kind in {@code failures}
 * @param requests requests answered correctly
 * @param clientsPerSecond clients that succeeded per second of wall time (failed clients are not a rate of
 *     anything: 1,000 refusals in 0.03 s are no 30,000 clients/s); {@code null}, left out of the JSON, when no client
 *     succeeded
 * @param requestsPerSecond correct replies per second of wall time; {@code null}, left out of the JSON, when there
 *     was none
 * @param failures by kind label, in the taxonomy's order: how many, what it means, raw messages seen
 * @param connect connect latency
 * @param request request latency: from sending a request to reading its whole reply (open model: a connection's
 *     first request from the client's intended start)
 * @param peakConcurrentConnections the most connections open at once (process: see docs/reference/report-json.md)
 * @param heldAtOnce with hold: connections open at once when the hold was released; {@code null} otherwise
 * @param resources what the client process itself used
 * @param children the child JVMs' aggregate, spawn time and failures ({@code process} only)
 * @param transportFallback {@code netty} only, when the transport asked for could not start here: why, in one line
 *     ({@code strategy} names the transport that ran); {@code null} otherwise
 * @param host the name of the host the client ran on ({@code null} in a merge: see {@code parts})
 * @param startAt {@code --start-at}: the instant the run was asked to start at (ISO-8601), else {@code null}
 * @param lateSeconds with {@code startAt}: how much later than it the run started (0 when on time; a merge: the
 *     latest part's)
 * @param parts {@code timelab merge} only: each input run's host, pid, segment, times and peaks, kept apart (the
 *     merge's own peaks and resources are their sums: upper bounds); {@code null} otherwise
 * @param missingSegments {@code timelab merge --partial} only: the segments of the plan no input ran; {@code null}
 *     otherwise
 */
public record ClientRun(
        int schemaVersion,
        String strategy,
        LoadPlan plan,
        String startedAt,
        String java,
        long pid,
        boolean interrupted,
        double wallSeconds,
        long clients,
        long succeeded,
        long failed,
        long requests,
        Double clientsPerSecond,
        Double requestsPerSecond,
        Map<String, FailureCount> failures,
        Latency connect,
        Latency request,
        long peakConcurrentConnections,
        Long heldAtOnce,
        Resources resources,
        Children children,
        String transportFallback,
        String host,
        String startAt,
        Double lateSeconds,
        List<Part> parts,
        List<Integer> missingSegments) {

    /** The version of this JSON schema; raised on any incompatible change (docs/reference/report-json.md). */
    public static final int SCHEMA_VERSION = 2;

    public ClientRun {
        Objects.requireNonNull(strategy, "strategy");
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures == null ? Map.of() : failures));
        parts = parts == null ? null : List.copyOf(parts);
        missingSegments = missingSegments == null ? null : List.copyOf(missingSegments);
    }

    /** A run of one process that was not asked to start at an instant. */
    public ClientRun(int schemaVersion, String strategy, LoadPlan plan, String startedAt, String java, long pid,
            boolean interrupted, double wallSeconds, long clients, long succeeded, long failed, long requests,
            Double clientsPerSecond, Double requestsPerSecond, Map<String, FailureCount> failures, Latency connect,
            Latency request, long peakConcurrentConnections, Long heldAtOnce, Resources resources, Children children,
            String transportFallback) {
        this(schemaVersion, strategy, plan, startedAt, java, pid, interrupted, wallSeconds, clients, succeeded, failed,
                requests, clientsPerSecond, requestsPerSecond, failures, connect, request, peakConcurrentConnections,
                heldAtOnce, resources, children, transportFallback, null, null, null, null, null);
    }

    /** How many clients failed with {@code kind}. */
    public long failures(FailureKind kind) {
        FailureCount c = failures.get(kind.label());
        return c == null ? 0 : c.count();
    }

    /** The JSON, pretty-printed, as {@code --json} writes it. */
    public String toJson() {
        return ClientJson.write(this, true);
    }

    /** Reads what {@link #toJson()} wrote. */
    public static ClientRun fromJson(String json) {
        return ClientJson.read(json, ClientRun.class);
    }

    /**
     * Failures of one kind.
     *
     * @param kind the kind's label
     * @param count how many clients
     * @param meaning {@link FailureKind#explain()}
     * @param examples up to five distinct raw messages
     */
    public record FailureCount(String kind, long count, String meaning, List<String> examples) {
        public FailureCount {
            examples = List.copyOf(examples == null ? List.of() : examples);
        }
    }

    /**
     * A latency distribution from HdrHistogram (3 significant digits, recorded in microseconds).
     *
     * @param count values recorded
     * @param hdr the histogram itself, compressed and Base64-encoded
     *     ({@code Histogram.decodeFromCompressedByteBuffer}), so runs and children can be merged exactly
     */
    public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
            double meanMs, String hdr) {

        /**
         * The summary of {@code h} (values in microseconds), taken from one consistent copy: a client may still
         * record into {@code h} (a straggler after an interrupt), and HdrHistogram neither iterates nor encodes a
         * histogram that grows underneath it (the encoded header and counts would disagree).
         */
        public static Latency of(Histogram recording) {
            Histogram h = recording.copy();
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0, encode(h));
            }
            return new Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                    Math.round(h.getMean()) / 1000.0, encode(h));
        }

        /** The histogram this summary was made from (microseconds). */
        Histogram histogram() {
            if (hdr == null || hdr.isEmpty()) {
                return newHistogram();
            }
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(hdr)), 0);
            } catch (DataFormatException | RuntimeException e) {
                throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
            }
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }

        private static String encode(Histogram h) {
            ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int n = h.encodeIntoCompressedByteBuffer(b);
            byte[] bytes = new byte[n];
            b.flip();
            b.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** A histogram for latencies in microseconds: 3 significant digits, resizing (no upper bound). */
    static Histogram newHistogram() {
        Histogram h = new Histogram(3);
        h.setAutoResize(true);
        return h;
    }

    /** Nanoseconds to the histograms' unit, microseconds (at least 1, so that no value vanishes). */
    public static long micros(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    /**
     * What a process used, as seen from inside it.
     *
     * @param peakPlatformThreads the JVM's peak of live platform threads during the run ({@code ThreadMXBean}:
     *     every Java platform thread of the process, the carriers of virtual threads included)
     * @param peakVirtualThreads the most client virtual threads alive at once, counted by the client (the JVM's
     *     thread counters do not see virtual threads)
     * @param peakOsThreads the most OS threads of the process in the samples (JVM-internal threads included:
     *     what {@code pid_max} is spent on)
     * @param peakOpenFds the most open descriptors in the samples (every 100 ms)
     * @param peakRssBytes the process's peak resident memory since it started ({@code VmHWM})
     * @param cpuSeconds user plus system CPU time the process used during the run
     */
    public record Resources(long peakPlatformThreads, long peakVirtualThreads, long peakOsThreads, long peakOpenFds,
            long peakRssBytes, double cpuSeconds) {

        /**
         * What several processes used together: peaks summed (an upper bound of what they used at once, as they need
         * not peak together), CPU time added.
         */
        public static Resources sum(List<Resources> all) {
            long platform = 0;
            long virtual = 0;
            long os = 0;
            long fds = 0;
            long rss = 0;
            double cpu = 0;
            for (Resources x : all) {
                platform += x.peakPlatformThreads();
                virtual += x.peakVirtualThreads();
                os += x.peakOsThreads();
                fds += x.peakOpenFds();
                rss += x.peakRssBytes();
                cpu += x.cpuSeconds();
            }
            return new Resources(platform, virtual, os, fds, rss, Results.round(cpu, 3));
        }
    }

    /**
     * The child JVMs of the {@code process} strategy.
     *
     * @param planned child JVMs the run meant to start
     * @param spawned started
     * @param spawnFailed could not be started (admission control or fork/exec): their clients are
     *     {@code process-spawn-failed}
     * @param died started but ended without a report: their clients are {@code child-died}
     * @param interruptedBeforeUp ended by the run's stop (Ctrl-C reaches every process of the group) while their JVM
     *     was still starting: their clients never started and are not counted at all
     * @param peakLive the most children alive at once
     * @param spawnsDelayed spawns that waited for memory or pids to free up first (admission control)
     * @param spawn spawn time: from starting the process to its first line ("ready": JVM up, arguments parsed)
     * @param sumPeakRssBytes the sum of every child's own peak resident memory
     * @param peakLiveRssBytes the most resident memory of the live children together, sampled every 500 ms
     * @param sumPeakPlatformThreads the sum of the children's peak platform threads
     * @param sumPeakVirtualThreads the sum of the children's peak virtual threads
     * @param sumPeakOsThreads the sum of the children's peak OS threads
     * @param cpuSeconds the children's CPU time, summed, each child's whole life (JVM start-up included)
     * @param command a child's command line with the per-child arguments left out
     * @param cds whether children used an AppCDS archive, and why not
     * @param failures the first children that died (up to 10, with their last output lines) and that could not be
     *     started (up to 3)
     */
    public record Children(int planned, int spawned, int spawnFailed, int died, int interruptedBeforeUp,
            int peakLive, long spawnsDelayed,
            Latency spawn, long sumPeakRssBytes, long peakLiveRssBytes, long sumPeakPlatformThreads,
            long sumPeakVirtualThreads, long sumPeakOsThreads, double cpuSeconds, List<String> command, String cds,
            List<ChildFailure> failures) {
        public Children {
            command = List.copyOf(command == null ? List.of() : command);
            failures = List.copyOf(failures == null ? List.of() : failures);
        }
    }

    /**
     * One input of a merge ({@code timelab merge}): where it ran and what it held, kept apart because peaks of
     * different hosts at different moments do not add up to a peak.
     *
     * @param host the host it ran on
     * @param pid its process id
     * @param segment its segment of the plan
     * @param startedAt when it started (ISO-8601)
     * @param wallSeconds how long it ran
     * @param lateSeconds how late it started against {@code --start-at}, or {@code null}
     * @param clients clients it started
     * @param failed clients of it that failed
     * @param peakConcurrentConnections its own peak
     * @param heldAtOnce with hold: its connections held at once, else {@code null}
     * @param resources what its process used
     * @param childJvms {@code process} only: child JVMs it spawned, else {@code null}
     */
    public record Part(String host, long pid, LoadPlan.Segment segment, String startedAt, double wallSeconds,
            Double lateSeconds, long clients, long failed, long peakConcurrentConnections, Long heldAtOnce,
            Resources resources, Integer childJvms) {}

    /**
     * A child JVM that failed.
     *
     * @param child its number, from 1
     * @param firstClient the number of its first client
     * @param clients how many clients it carried
     * @param exitCode its exit code, {@code null} when it never started
     * @param reason what went wrong, in a sentence
     * @param lastLines its last output lines (stdout and stderr)
     */
    public record ChildFailure(int child, int firstClient, int clients, Integer exitCode, String reason,
            List<String> lastLines) {
        public ChildFailure {
            lastLines = List.copyOf(lastLines == null ? List.of() : lastLines);
        }
    }
}
