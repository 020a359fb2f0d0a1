package timelab.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * {@code jdk.VirtualThreadPinned}: virtual threads that blocked while pinned to their carrier (over the recording's
 * threshold: 0 ms in {@code timelab.jfc}, so every pin). Times in milliseconds.
 *
 * @param count pinned events
 * @param totalMillis their durations added up (carrier time held by blocked virtual threads)
 * @param maxMillis the longest
 * @param topSites the events with the same reason and top frames, the longest in all first
 * @param topFrames the events by the first frame outside the JDK (the code that pinned), the most frequent first
 */
public record PinnedSummary(long count, double totalMillis, double maxMillis, List<Site> topSites,
        List<Frame> topFrames) {

    /** Frames kept per site. */
    static final int SITE_FRAMES = 6;
    /** Sites and frames kept. */
    static final int TOP = 5;
    /** Frames of the JDK's parking machinery, skipped at the top of a pinned event's stack. */
    static final Pattern PARKING = Pattern.compile("java\\.lang\\.VirtualThread.*|jdk\\.internal\\..*"
            + "|java\\.lang\\.System\\$.*");
    /** The JDK's own classes: the first frame outside them is the code that pinned. */
    static final Pattern JDK = Pattern.compile("(java|javax|jdk|sun|com\\.sun)\\..*");

    public PinnedSummary {
        topSites = List.copyOf(topSites);
        topFrames = List.copyOf(topFrames);
        if (count < 0 || totalMillis < 0 || maxMillis < 0 || maxMillis > totalMillis) {
            throw new IllegalArgumentException("count " + count + ", total " + totalMillis + " ms and max "
                    + maxMillis + " ms do not fit");
        }
    }

    /**
     * Pinned events with the same reason and top stack frames.
     *
     * @param reason why the carrier was pinned ({@code pinnedReason}, JDK 24+; empty on older JDKs)
     * @param frames the top frames below the JDK's parking machinery, with line numbers
     */
    public record Site(long count, double totalMillis, String reason, List<String> frames) {
        public Site {
            frames = List.copyOf(frames);
        }
    }

    /**
     * Pinned events by the code that pinned.
     *
     * @param frame the first frame outside the JDK, {@code class.method} (e.g. {@code timelab.server.Worker.pinned});
     *     when every frame is the JDK's, the first below its parking machinery with {@code  (JDK)} after it (e.g.
     *     {@code sun.nio.ch.Poller.subPollerLoop (JDK)}: a one-time class initialisation); or {@code (no stack trace)}
     */
    public record Frame(String frame, long count, double totalMillis) {}

    /**
     * The finding in words, e.g. {@code virtual threads were pinned 40 times (jdk.VirtualThreadPinned), 2,010.0 ms in
     * all, longest 51.2 ms; all at timelab.server.Worker.pinned — …}.
     */
    public String finding() {
        String where = "";
        if (!topFrames.isEmpty()) {
            Frame top = topFrames.get(0);
            where = top.count() == count ? "; all at " + top.frame()
                    : "; most at " + top.frame() + " (" + times(top.count()) + ")";
        }
        return (count == 1 ? "a virtual thread was pinned once" : "virtual threads were pinned " + times(count))
                + " (jdk.VirtualThreadPinned), " + RequestSummary.millis(totalMillis) + " ms in all, longest "
                + RequestSummary.millis(maxMillis) + " ms" + where
                + " — each pin held a carrier thread while its virtual thread blocked";
    }

    private static String times(long n) {
        return n == 1 ? "once" : String.format(Locale.ROOT, "%,d times", n);
    }

    /** The pinned events of a recording as they are read. */
    static final class Tally {
        private long count;
        private long nanos;
        private long max;
        /** By reason then frames (the reason first in the key): count and nanoseconds. */
        private final Map<List<String>, long[]> sites = new HashMap<>();
        private final Map<String, long[]> frames = new HashMap<>();

        void accept(RecordedEvent e) {
            long d = e.getDuration().toNanos();
            count++;
            nanos += d;
            max = Math.max(max, d);
            List<String> top = new ArrayList<>();
            String pinner = "(no stack trace)";
            RecordedStackTrace st = e.getStackTrace();
            if (st != null) {
                pinner = "(only the JDK's parking frames)";
                boolean leading = true;
                boolean found = false;
                for (RecordedFrame f : st.getFrames()) {
                    String type = f.getMethod().getType().getName();
                    if (leading && PARKING.matcher(type).matches()) {
                        continue; // how a virtual thread parks is the same every time: show what made it park
                    }
                    if (leading) {
                        pinner = type + "." + f.getMethod().getName() + " (JDK)";
                    }
                    leading = false;
                    if (top.size() < SITE_FRAMES) {
                        top.add(type + "." + f.getMethod().getName()
                                + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : ""));
                    }
                    if (!found && !JDK.matcher(type).matches()) {
                        found = true;
                        pinner = type + "." + f.getMethod().getName();
                    }
                }
            }
            String reason = e.hasField("pinnedReason") ? String.valueOf(e.getString("pinnedReason")) : "";
            top.add(0, reason);
            add(sites.computeIfAbsent(top, k -> new long[2]), d);
            add(frames.computeIfAbsent(pinner, k -> new long[2]), d);
        }

        private static void add(long[] tally, long d) {
            tally[0]++;
            tally[1] += d;
        }

        PinnedSummary summary() {
            List<Site> topSites = sites.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<List<String>, long[]> en) -> en.getValue()[1])
                            .reversed())
                    .limit(TOP)
                    .map(en -> new Site(en.getValue()[0], millis(en.getValue()[1]), en.getKey().get(0),
                            en.getKey().subList(1, en.getKey().size())))
                    .toList();
            List<Frame> topFrames = frames.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> en) -> en.getValue()[0]).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(TOP)
                    .map(en -> new Frame(en.getKey(), en.getValue()[0], millis(en.getValue()[1])))
                    .toList();
            return new PinnedSummary(count, millis(nanos), millis(max), topSites, topFrames);
        }

        private static double millis(long nanos) {
            return Math.round(nanos / 1e3) / 1e3;
        }
    }
}
