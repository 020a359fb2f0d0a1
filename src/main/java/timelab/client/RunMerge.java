package timelab.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code timelab merge}: the runs of a plan's segments ({@code --segment I/N}, on one host or many) as one run of the
 * whole plan. Counts and failures by kind (with their examples) are added and the latency histograms themselves
 * are added ({@link Tally#addRun}, the same merge {@code process} children's reports go through), so the merged
 * percentiles are exact, never averaged; the wall time runs from the earliest start to the latest end and the rates
 * are over it. Peaks and resources of different hosts at different moments do not add up to a peak: each input's
 * are kept apart ({@link ClientRun#parts()}), and the merged figures are their sums, upper bounds. Pure.
 */
public final class RunMerge {

    /** What a merge gives besides the run: lines worth a warning (a missing segment with {@code partial}). */
    public record Merged(ClientRun run, List<String> warnings) {
        public Merged {
            Objects.requireNonNull(run, "run");
            warnings = List.copyOf(warnings);
        }
    }

    /** One input: a run and where it came from (a file name), for the messages. */
    public record Input(String name, ClientRun run) {
        public Input {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(run, "run");
        }
    }

    private RunMerge() {}

    /**
     * Merges the runs of one plan's segments.
     *
     * @param partial merge even when segments are missing (they are named in a warning and in the JSON); without
     *     it a missing segment is an error, since the merge would pass for the whole plan with fewer clients
     * @throws IllegalArgumentException in one line naming the input that does not fit: not of the same plan, a
     *     segment count that differs, a segment given twice, an input that is itself a merge; or the missing segment
     */
    public static Merged merge(List<Input> inputs, boolean partial) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: give the JSON of every segment");
        }
        Input first = inputs.get(0);
        int segments = first.run().plan().segment().count();
        Map<Integer, Input> bySegment = new TreeMap<>();
        for (Input in : inputs) {
            ClientRun r = in.run();
            if (r.parts() != null) {
                throw new IllegalArgumentException(in.name() + ": already a merge of " + r.parts().size()
                        + " runs; merge the segments' own JSON files");
            }
            LoadPlan.Segment s = r.plan().segment();
            if (s.count() != segments) {
                throw new IllegalArgumentException(in.name() + ": segment " + s.label() + ", but " + first.name()
                        + " is one of " + segments + " segments");
            }
            String diff = first.run().plan().difference(r.plan());
            if (diff != null) {
                throw new IllegalArgumentException(in.name() + ": not the same plan as " + first.name() + " (" + diff
                        + ")");
            }
            Input before = bySegment.putIfAbsent(s.index(), in);
            if (before != null) {
                throw new IllegalArgumentException(in.name() + ": segment " + s.label() + " again (also "
                        + before.name() + ")");
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            if (!bySegment.containsKey(i)) {
                missing.add(i);
            }
        }
        List<String> warnings = new ArrayList<>();
        if (!missing.isEmpty()) {
            String what = missing.stream().map(i -> "segment " + i + " of " + segments)
                    .collect(Collectors.joining(", ", "missing ", ""));
            if (!partial) {
                throw new IllegalArgumentException(what + " (segments count from 0): give every segment's JSON, or "
                        + "--partial to merge what there is");
            }
            warnings.add(what + ": the merge is not the whole plan (--partial)");
        }
        List<ClientRun> runs = bySegment.values().stream().map(Input::run).toList();
        return new Merged(merged(runs, missing.isEmpty() ? null : missing), warnings);
    }

    private static ClientRun merged(List<ClientRun> runs, List<Integer> missing) {
        Tally tally = new Tally();
        Instant start = null;
        Instant end = null;
        long peak = 0;
        Long held = 0L;
        boolean interrupted = false;
        List<ClientRun.Part> parts = new ArrayList<>();
        for (ClientRun r : runs) {
            tally.addRun(r);
            Instant s = Instant.parse(r.startedAt());
            Instant e = s.plusNanos(Math.round(r.wallSeconds() * 1e9));
            start = start == null || s.isBefore(start) ? s : start;
            end = end == null || e.isAfter(end) ? e : end;
            peak += r.peakConcurrentConnections();
            held = held == null || r.heldAtOnce() == null ? null : held + r.heldAtOnce();
            interrupted |= r.interrupted();
            parts.add(new ClientRun.Part(r.host(), r.pid(), r.plan().segment(), r.startedAt(), r.wallSeconds(),
                    r.lateSeconds(), r.clients(), r.failed(), r.peakConcurrentConnections(), r.heldAtOnce(),
                    r.resources(), r.children() == null ? null : r.children().spawned()));
        }
        ClientRun first = runs.get(0);
        Set<String> startAts = runs.stream().map(r -> String.valueOf(r.startAt())).collect(Collectors.toSet());
        ClientRun.Resources resources = ClientRun.Resources.sum(runs.stream().map(ClientRun::resources).toList());
        ClientRun r = Results.result(joined(runs, ClientRun::strategy), first.plan().withSegment(
                LoadPlan.Segment.WHOLE), start, interrupted, Duration.between(start, end).toNanos(), tally, held,
                peak, resources, children(runs), runs.stream().map(ClientRun::transportFallback)
                        .filter(Objects::nonNull).findFirst().orElse(null), null);
        Double late = runs.stream().map(ClientRun::lateSeconds).filter(Objects::nonNull).max(Double::compare)
                .orElse(null);
        return new ClientRun(r.schemaVersion(), r.strategy(), r.plan(), r.startedAt(), joined(runs, ClientRun::java),
                0, r.interrupted(), r.wallSeconds(), r.clients(), r.succeeded(), r.failed(), r.requests(),
                r.clientsPerSecond(), r.requestsPerSecond(), r.failures(), r.connect(), r.request(),
                r.peakConcurrentConnections(), r.heldAtOnce(), r.resources(), r.children(), r.transportFallback(),
                null, startAts.size() == 1 ? first.startAt() : null, late, parts, missing);
    }

    /** The inputs' {@code process} children, summed (spawn times merged as histograms), or {@code null}. */
    private static ClientRun.Children children(List<ClientRun> runs) {
        List<ClientRun.Children> all = runs.stream().map(ClientRun::children).filter(Objects::nonNull).toList();
        if (all.isEmpty()) {
            return null;
        }
        org.HdrHistogram.Histogram spawn = ClientRun.newHistogram();
        int planned = 0;
        int spawned = 0;
        int spawnFailed = 0;
        int died = 0;
        int interrupted = 0;
        int live = 0;
        long delayed = 0;
        long[] sums = new long[5];
        double cpu = 0;
        List<ClientRun.ChildFailure> failures = new ArrayList<>();
        for (ClientRun.Children c : all) {
            spawn.add(c.spawn().histogram());
            planned += c.planned();
            spawned += c.spawned();
            spawnFailed += c.spawnFailed();
            died += c.died();
            interrupted += c.interruptedBeforeUp();
            live += c.peakLive();
            delayed += c.spawnsDelayed();
            sums[0] += c.sumPeakRssBytes();
            sums[1] += c.peakLiveRssBytes();
            sums[2] += c.sumPeakPlatformThreads();
            sums[3] += c.sumPeakVirtualThreads();
            sums[4] += c.sumPeakOsThreads();
            cpu += c.cpuSeconds();
            c.failures().stream().limit(10L - failures.size()).forEach(failures::add);
        }
        ClientRun.Children first = all.get(0);
        return new ClientRun.Children(planned, spawned, spawnFailed, died, interrupted, live, delayed,
                ClientRun.Latency.of(spawn), sums[0], sums[1], sums[2], sums[3], sums[4], Results.round(cpu, 3),
                first.command(), first.cds(), failures);
    }

    /** The distinct values of {@code f}, in input order, joined by commas. */
    private static String joined(List<ClientRun> runs, java.util.function.Function<ClientRun, String> f) {
        Set<String> seen = new LinkedHashSet<>();
        runs.forEach(r -> seen.add(f.apply(r)));
        return String.join(",", seen);
    }
}
