package timelab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import timelab.server.VirtualThreadIo;

/**
 * Reads a JFR recording with {@code jdk.jfr.consumer} in one streaming pass and sums it up: platform threads
 * ({@code jdk.JavaThreadStatistics}), virtual threads two ways (timelab's own count in {@code timelab.Concurrency},
 * cross-checked with the {@code jdk.VirtualThreadStart/End} balance), pinned virtual threads ({@link PinnedSummary}),
 * timelab's connection and client request events, and the server's requests ({@link RequestSummary}). Any
 * recording works; what it lacks is reported as absent (-1 / 0), not guessed.
 */
public final class JfrSummary {

    /** Virtual threads the JDK starts for itself (JDK 22+: socket sub-pollers), by name. */
    static final Pattern JDK_INTERNAL_VIRTUAL = Pattern.compile("(SubPoller|MasterPoller|Read-Poller|Write-Poller)"
            + "(-\\d+)?|.*-Poller(-\\d+)?");

    private JfrSummary() {}

    /** A recording's summary and its timelines (one per side; one without connections if it has no side). */
    public record Analysis(RecordingSummary summary, List<Timeline> timelines) {}

    /**
     * Reads {@code file}.
     *
     * @throws IOException when it does not exist or is not a JFR recording (the message says which)
     */
    public static Analysis read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        Reader r = new Reader();
        try (RecordingFile recording = new RecordingFile(file)) {
            for (EventType type : recording.readEventTypes()) {
                if (type.getName().equals("jdk.VirtualThreadStart")) {
                    r.virtualThreadStartId = type.getId();
                }
            }
            while (recording.hasMoreEvents()) {
                r.accept(recording.readEvent());
            }
        } catch (IOException e) {
            throw new IOException(file + " is not a readable JFR recording: " + e.getMessage(), e);
        }
        return r.analysis(file);
    }

    /** The accumulated state of one pass. */
    private static final class Reader {
        Instant first;
        Instant last;
        String jvm = "";
        String command = "";
        // platform threads
        final List<Timeline.Point> platform = new ArrayList<>();
        long jvmPeak = -1;
        // timelab.Concurrency, per side
        final Map<String, List<Timeline.Point>> connectionsBySide = new LinkedHashMap<>();
        final Map<String, List<Timeline.Point>> virtualBySide = new LinkedHashMap<>();
        final Map<String, Long> countedPeakBySide = new HashMap<>();
        final Map<String, Long> peakActiveBySide = new HashMap<>();
        final Set<String> labels = new LinkedHashSet<>();
        final List<Instant> labelTimes = new ArrayList<>();
        final List<String> labelOrder = new ArrayList<>();
        long peakFds = -1;
        long concurrencySamples;
        // virtual thread balance: (epoch nanos, +1/-1, internal?) packed as three parallel growable arrays
        long[] vtTimes = new long[1024];
        byte[] vtDelta = new byte[1024];
        int vtCount;
        long started;
        long ended;
        long virtualThreadStartId = -1;
        /** Whether a recording setting enabled jdk.VirtualThreadStart ({@code jdk.ActiveSetting}). */
        boolean virtualThreadEventsOn;
        long internalStarted;
        final Map<String, Long> startedByName = new TreeMap<>();
        final EventTimelines timelines = new EventTimelines();
        final PinnedSummary.Tally pinned = new PinnedSummary.Tally();
        final RequestSummary.Tally serverRequests = new RequestSummary.Tally();
        // connections
        long connections;
        long connectionRequests;
        long connectionNanos;
        long connectionMax;
        final Map<String, Long> byModel = new TreeMap<>();
        final Map<String, Long> byReason = new TreeMap<>();
        // client requests
        long clientRequests;
        final Map<String, Long> byOutcome = new TreeMap<>();
        final Map<String, Long> byStrategy = new TreeMap<>();
        long connectNanos;
        long connectMax;
        long requestNanos;
        long requestMax;

        void accept(RecordedEvent e) {
            Instant t = e.getStartTime();
            first = first == null || t.isBefore(first) ? t : first;
            Instant end = e.getEndTime();
            last = last == null || end.isAfter(last) ? end : last;
            switch (e.getEventType().getName()) {
                case "jdk.JavaThreadStatistics" -> {
                    platform.add(new Timeline.Point(t, e.getLong("activeCount")));
                    timelines.platformSample(t, e.getLong("activeCount"));
                    jvmPeak = Math.max(jvmPeak, e.getLong("peakCount"));
                }
                case "timelab.Concurrency" -> concurrency(e, t);
                case "jdk.ThreadStart" -> platformThread(e, t, +1);
                case "jdk.ThreadEnd" -> platformThread(e, t, -1);
                case "jdk.VirtualThreadStart" -> virtualThread(e, t, +1);
                case "jdk.VirtualThreadEnd" -> virtualThread(e, t, -1);
                case "jdk.VirtualThreadPinned" -> pinned.accept(e);
                case "timelab.ServerRequest" -> serverRequests.accept(e);
                case "timelab.Connection" -> {
                    connections++;
                    timelines.connection(t, end);
                    connectionRequests += e.getLong("requests");
                    long nanos = e.getDuration().toNanos();
                    connectionNanos += nanos;
                    connectionMax = Math.max(connectionMax, nanos);
                    byModel.merge(String.valueOf(e.getString("model")), 1L, Long::sum);
                    byReason.merge(String.valueOf(e.getString("closeReason")), 1L, Long::sum);
                }
                case "timelab.ClientRequest" -> {
                    clientRequests++;
                    byOutcome.merge(String.valueOf(e.getString("outcome")), 1L, Long::sum);
                    byStrategy.merge(String.valueOf(e.getString("strategy")), 1L, Long::sum);
                    long c = e.getDuration("connectTime").toNanos();
                    long q = e.getDuration("requestTime").toNanos();
                    connectNanos += c;
                    connectMax = Math.max(connectMax, c);
                    requestNanos += q;
                    requestMax = Math.max(requestMax, q);
                }
                case "jdk.ActiveSetting" -> {
                    if (e.getLong("id") == virtualThreadStartId && "enabled".equals(e.getString("name"))
                            && "true".equals(e.getString("value"))) {
                        virtualThreadEventsOn = true;
                    }
                }
                case "jdk.JVMInformation" -> {
                    jvm = String.valueOf(e.getString("jvmVersion"));
                    command = String.valueOf(e.getString("javaArguments"));
                }
                default -> { }
            }
        }

        private void concurrency(RecordedEvent e, Instant t) {
            concurrencySamples++;
            String side = String.valueOf(e.getString("side"));
            String label = String.valueOf(e.getString("label"));
            labels.add(label);
            labelTimes.add(t);
            labelOrder.add(label);
            connectionsBySide.computeIfAbsent(side, s -> new ArrayList<>())
                    .add(new Timeline.Point(t, e.getLong("activeConnections")));
            virtualBySide.computeIfAbsent(side, s -> new ArrayList<>())
                    .add(new Timeline.Point(t, e.getLong("virtualThreads")));
            countedPeakBySide.merge(side, e.getLong("peakVirtualThreads"), Math::max);
            peakActiveBySide.merge(side, e.getLong("peakConnections"), Math::max);
            peakFds = Math.max(peakFds, e.getLong("openFds"));
            timelines.concurrencySample(side, t, e.getLong("activeConnections"), e.getLong("virtualThreads"));
        }

        private void platformThread(RecordedEvent e, Instant t, int delta) {
            RecordedThread thread = e.getValue("thread");
            if (thread == null || !thread.isVirtual()) {
                timelines.platformThread(t, delta);
            }
        }

        private void virtualThread(RecordedEvent e, Instant t, int delta) {
            RecordedThread thread = e.getThread();
            String name = thread == null ? "" : String.valueOf(thread.getJavaName());
            boolean internal = JDK_INTERNAL_VIRTUAL.matcher(name).matches();
            if (!internal) {
                // the server's poller warm-up thread is not a connection's (timelab's count leaves it out too): it adds
                // nothing to the line, but says the recording has the start/end events
                timelines.virtualThread(t, name.equals(VirtualThreadIo.WARM_UP_THREAD) ? 0 : delta);
            }
            if (delta > 0) {
                started++;
                internalStarted += internal ? 1 : 0;
                String prefix = name.replaceAll("\\d+$", "");
                startedByName.merge(prefix.isEmpty() ? "(unnamed)" : prefix, 1L, Long::sum);
            } else {
                ended++;
            }
            if (vtCount == vtTimes.length) {
                vtTimes = Arrays.copyOf(vtTimes, vtCount * 2);
                vtDelta = Arrays.copyOf(vtDelta, vtCount * 2);
            }
            vtTimes[vtCount] = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            vtDelta[vtCount] = (byte) (internal ? 2 * delta : delta); // ±2: the JDK's own
            vtCount++;
        }

        /** The peak of the start/end balance; {@code appOnly} leaves out the JDK's own virtual threads. */
        private long balancePeak(Integer[] order, boolean appOnly) {
            long live = 0;
            long min = 0;
            long max = 0;
            for (Integer i : order) {
                int d = vtDelta[i];
                if (Math.abs(d) == 2) {
                    if (appOnly) {
                        continue;
                    }
                    d /= 2;
                }
                live += d;
                min = Math.min(min, live);
                max = Math.max(max, live);
            }
            // threads that started before the recording end inside it: the balance dips below zero by at least
            // their number, so the live count at the peak was at least max - min
            return max - min;
        }

        Analysis analysis(Path file) {
            platform.sort(Comparator.comparing(Timeline.Point::time));
            connectionsBySide.values().forEach(l -> l.sort(Comparator.comparing(Timeline.Point::time)));
            virtualBySide.values().forEach(l -> l.sort(Comparator.comparing(Timeline.Point::time)));
            Integer[] order = new Integer[vtCount];
            for (int i = 0; i < vtCount; i++) {
                order[i] = i;
            }
            // by time; at equal times ends first, so a tie never inflates the peak
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> vtTimes[i]).thenComparingInt(i -> vtDelta[i]));
            boolean balanceKnown = vtCount > 0 || virtualThreadEventsOn; // on and none started: a balance of 0
            long balancePeak = balanceKnown ? balancePeak(order, false) : -1;
            long appBalancePeak = balanceKnown ? balancePeak(order, true) : -1;

            long countedPeak = concurrencySamples == 0 ? -1
                    : countedPeakBySide.values().stream().mapToLong(Long::longValue).sum();
            long sampledMax = virtualBySide.values().stream().flatMap(List::stream)
                    .mapToLong(Timeline.Point::value).max().orElse(-1);
            RecordingSummary.VirtualThreads virtual = new RecordingSummary.VirtualThreads(concurrencySamples,
                    countedPeak, sampledMax, started, ended, balancePeak, appBalancePeak, internalStarted,
                    startedByName, check(countedPeak, appBalancePeak, internalStarted));

            long platformPeak = platform.stream().mapToLong(Timeline.Point::value).max().orElse(-1);
            double platformMean = platform.stream().mapToLong(Timeline.Point::value).average().orElse(-1);

            PinnedSummary pinnedSummary = pinned.summary();
            List<RequestSummary> requests = serverRequests.summaries();
            List<String> findings = new ArrayList<>();
            requests.forEach(r -> findings.add(r.finding()));
            if (pinnedSummary.count() > 0) {
                findings.add(pinnedSummary.finding());
            }
            RecordingSummary summary = new RecordingSummary(
                    file.toString(),
                    List.copyOf(connectionsBySide.keySet()),
                    labelsInTimeOrder(),
                    jvm,
                    command,
                    first == null ? "" : first.toString(),
                    first == null ? 0 : round(Duration.between(first, last).toMillis() / 1000.0, 1),
                    findings,
                    new RecordingSummary.PlatformThreads(platform.size(), platformPeak, round(platformMean, 1),
                            jvmPeak),
                    virtual,
                    pinnedSummary,
                    new RecordingSummary.Connections(connections, connectionRequests, byModel, byReason,
                            connections == 0 ? 0 : millis(connectionNanos / connections), millis(connectionMax),
                            peakActiveBySide.getOrDefault("server", -1L)),
                    requests,
                    new RecordingSummary.ClientRequests(clientRequests, byOutcome, byStrategy,
                            clientRequests == 0 ? 0 : millis(connectNanos / clientRequests), millis(connectMax),
                            clientRequests == 0 ? 0 : millis(requestNanos / clientRequests), millis(requestMax),
                            peakActiveBySide.getOrDefault("client", -1L)),
                    peakFds);
            return new Analysis(summary, timelines.timelines(String.valueOf(file.getFileName()),
                    virtualThreadEventsOn, labelsInTimeOrder()));
        }

        private List<String> labelsInTimeOrder() {
            Integer[] idx = new Integer[labelTimes.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, Comparator.comparing(labelTimes::get));
            Set<String> ordered = new LinkedHashSet<>();
            for (Integer i : idx) {
                ordered.add(labelOrder.get(i));
            }
            return List.copyOf(ordered);
        }
    }

    /** Says whether timelab's count and JFR's start/end balance agree, and if not, the likely reason. */
    static String check(long countedPeak, long appBalancePeak, long internalStarted) {
        String internal = internalStarted > 0 ? "; the JDK's own " + internalStarted + " virtual thread(s) "
                + "(socket sub-pollers, JDK 22+) are left out of the balance" : "";
        if (countedPeak < 0 && appBalancePeak < 0) {
            return "no timelab.Concurrency and no jdk.VirtualThreadStart/End events: nothing to compare";
        }
        if (countedPeak < 0) {
            return "no timelab.Concurrency events (not a timelab process, or the event was off): only the JFR "
                    + "balance is known";
        }
        if (appBalancePeak < 0) {
            return countedPeak == 0
                    ? "agree: no virtual threads counted and none started"
                    : "no jdk.VirtualThreadStart/End events (they are off unless the settings enable them, as "
                            + "timelab.jfc does): cannot cross-check";
        }
        long diff = appBalancePeak - countedPeak;
        long tolerance = Math.max(2, countedPeak / 100);
        if (Math.abs(diff) <= tolerance) {
            return "agree" + (diff == 0 ? "" : " within " + Math.abs(diff)) + internal;
        }
        if (diff > 0) {
            return "the JFR balance is " + diff + " higher: virtual threads the side does not count (its own "
                    + "helpers or a library's), or a fast churn of short connections where threads start before "
                    + "they are counted" + internal;
        }
        return "timelab's count is " + (-diff) + " higher: its peak is since the side started, so it may predate "
                + "the recording (e.g. one started later with jcmd)" + internal;
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6, 3);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
