package timelab.measure;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code timelab jfr summary} says about one recording; serialised as is by {@code --json}. Times are in
 * milliseconds, instants ISO-8601 strings, -1 means "no such events in the recording".
 *
 * @param file the recording
 * @param sides the timelab sides that fed {@code timelab.Concurrency} events ({@code server}, {@code client})
 * @param labels the server models or client strategies seen, in order (several after live switches)
 * @param jvm the JVM that recorded ({@code jdk.JVMInformation}: its version string)
 * @param command the recorded JVM's main class and arguments
 * @param start the first event
 * @param seconds from the first event to the last
 * @param findings what the numbers say, in words: one sentence per group of server requests, one for pinning
 * @param serverRequests {@code timelab.ServerRequest} events by model and work, in the order of each group's first
 *     request
 */
public record RecordingSummary(
        String file,
        List<String> sides,
        List<String> labels,
        String jvm,
        String command,
        String start,
        double seconds,
        List<String> findings,
        PlatformThreads platformThreads,
        VirtualThreads virtualThreads,
        PinnedSummary pinned,
        Connections connections,
        List<RequestSummary> serverRequests,
        ClientRequests clientRequests,
        long peakOpenFds) {

    public RecordingSummary {
        sides = List.copyOf(sides);
        labels = List.copyOf(labels);
        findings = List.copyOf(findings);
        serverRequests = List.copyOf(serverRequests);
    }

    /**
     * Platform threads, from {@code jdk.JavaThreadStatistics} (every live platform thread of the JVM, JFR's own
     * included; virtual threads are not in it).
     *
     * @param samples events read
     * @param peak the most live platform threads in a sample
     * @param mean the mean of the samples
     * @param jvmPeak the JVM's own peak counter ({@code peakCount}, since the JVM started)
     */
    public record PlatformThreads(long samples, long peak, double mean, long jvmPeak) {}

    /**
     * Virtual threads, two ways.
     *
     * @param samples {@code timelab.Concurrency} events read
     * @param countedPeak the most virtual threads the side counted at once ({@code peakVirtualThreads}, since the
     *     side started; summed over sides)
     * @param sampledMax the most live virtual threads in one sample
     * @param started {@code jdk.VirtualThreadStart} events
     * @param ended {@code jdk.VirtualThreadEnd} events
     * @param balancePeak the most virtual threads alive at once by the start/end balance, every virtual thread (at
     *     least: threads that neither started nor ended during the recording are invisible to it); -1 when the
     *     recording did not have the events on
     * @param appBalancePeak the same without the JDK's own virtual threads ({@link #jdkInternalStarted})
     * @param jdkInternalStarted virtual threads the JDK started for itself (JDK 22+ socket sub-pollers)
     * @param startedByName virtual threads started, by name with the trailing number dropped
     *     ({@code timelab-virtual-}, {@code SubPoller-}, {@code (unnamed)})
     * @param check whether the two agree, and why not when they do not
     */
    public record VirtualThreads(long samples, long countedPeak, long sampledMax, long started, long ended,
            long balancePeak, long appBalancePeak, long jdkInternalStarted, Map<String, Long> startedByName,
            String check) {
        public VirtualThreads {
            startedByName = sorted(startedByName);
        }
    }

    /**
     * Server side: {@code timelab.Connection} events.
     *
     * @param count connections that ended during the recording
     * @param requests commands answered on them
     * @param byModel by the model that served them
     * @param byReason by how they ended
     * @param meanMillis mean time open
     * @param maxMillis longest time open
     * @param peakActive the most connections open at once ({@code timelab.Concurrency}, server side), or -1
     */
    public record Connections(long count, long requests, Map<String, Long> byModel, Map<String, Long> byReason,
            double meanMillis, double maxMillis, long peakActive) {
        public Connections {
            byModel = sorted(byModel);
            byReason = sorted(byReason);
        }
    }

    /**
     * Client side: {@code timelab.ClientRequest} events.
     *
     * @param count requests (connections) that finished during the recording
     * @param byOutcome {@code OK} or the failure kind
     * @param byStrategy by client strategy
     * @param peakActive the most connections open at once ({@code timelab.Concurrency}, client side), or -1
     */
    public record ClientRequests(long count, Map<String, Long> byOutcome, Map<String, Long> byStrategy,
            double meanConnectMillis, double maxConnectMillis, double meanRequestMillis, double maxRequestMillis,
            long peakActive) {
        public ClientRequests {
            byOutcome = sorted(byOutcome);
            byStrategy = sorted(byStrategy);
        }
    }

    private static Map<String, Long> sorted(Map<String, Long> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
