package timelab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import timelab.client.ClientRun;
import timelab.experiment.BacklogRow;
import timelab.experiment.LimitResult;
import timelab.experiment.LimitSearch;
import timelab.experiment.Machine;
import timelab.experiment.Run;

/**
 * What a report shows, in words: each finding computed from the report's own numbers, with the section of
 * {@code report.html} that holds its evidence. The page leads with {@link #headline}, each section with its own
 * findings, and the console ends with the headline.
 */
public final class Findings {

    /** Runs shorter than this on a shared machine give rates to compare as ratios, not as capacities. */
    private static final double SHORT_RUN_SECONDS = 2.0;

    /**
     * One finding.
     *
     * @param section the {@code id} of the report section with its evidence ({@code matrix}, {@code limits},
     *     {@code backlog})
     * @param text the finding, a sentence or two with its numbers
     */
    public record Finding(String section, String text) {}

    private Findings() {}

    /**
     * The report's most telling findings, at most six, in reading order: the matrix's first three, each limit, the
     * backlog (one line for all its crowds when other sections ran, a line per crowd when it ran alone), then the
     * rest of the matrix's.
     */
    public static List<Finding> headline(Report r) {
        List<Finding> matrix = matrix(r.matrix());
        List<Finding> top = new ArrayList<>(matrix.subList(0, Math.min(matrix.size(), 3)));
        top.addAll(limits(r.limits()));
        if (top.isEmpty()) {
            top.addAll(backlog(r.backlog(), r.machine()));
        } else {
            backlogSummary(r.backlog(), r.machine()).ifPresent(top::add);
        }
        top.addAll(matrix.subList(Math.min(matrix.size(), 3), matrix.size()));
        return List.copyOf(top.subList(0, Math.min(top.size(), 6)));
    }

    /**
     * The matrix's findings: the server's threads against its connections per model, the client's threads per
     * strategy, whether every client was served, and the spread of clients per second.
     */
    public static List<Finding> matrix(List<Run> runs) {
        List<Finding> out = new ArrayList<>();
        if (runs.isEmpty()) {
            return out;
        }
        serverThreads(runs).ifPresent(out::add);
        clientThreads(runs).ifPresent(out::add);
        out.add(served(runs));
        rates(runs).ifPresent(out::add);
        return out;
    }

    private static Optional<Finding> serverThreads(List<Run> runs) {
        Map<String, Run> busiest = busiest(runs.stream().filter(r -> r.server() != null
                && r.server().peakConnections() > 0).toList(), r -> r.serverModel().label(),
                Comparator.comparingLong(r -> r.server().peakConnections()));
        if (busiest.isEmpty()) {
            return Optional.empty();
        }
        // the JVM's own threads (GC, JIT, JFR, timelab's): the fewest platform threads any model's server ran
        long own = busiest.values().stream().mapToLong(r -> r.server().peakPlatformThreads()).min().orElse(0);
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Run> e : busiest.entrySet()) {
            Run.Server s = e.getValue().server();
            long conns = s.peakConnections();
            if (s.peakVirtualThreads() >= Math.max(1, conns / 2)) {
                parts.add(String.format(Locale.ROOT, "%s ran a virtual thread per connection (%,d virtual threads "
                        + "at a peak of %,d connections) on only %,d platform threads", e.getKey(),
                        s.peakVirtualThreads(), conns, s.peakPlatformThreads()));
            } else if (s.peakPlatformThreads() - own >= conns * 8 / 10 && s.peakPlatformThreads() > own) {
                parts.add(String.format(Locale.ROOT, "%s used a platform thread per connection (%,d platform "
                        + "threads at a peak of %,d connections)", e.getKey(), s.peakPlatformThreads(), conns));
            } else {
                parts.add(String.format(Locale.ROOT, "%s held %,d connections on %,d platform threads", e.getKey(),
                        conns, s.peakPlatformThreads()));
            }
        }
        int clients = runs.stream().mapToInt(Run::clients).max().orElse(0);
        long fewest = busiest.values().stream().mapToLong(r -> r.server().peakConnections()).min().orElse(0);
        String overlap = fewest < clients / 2 ? String.format(Locale.ROOT, " Clients that connect, ask and leave "
                + "overlap only in part: as few as %,d of the %,d were connected at once.", fewest, clients) : "";
        return Optional.of(new Finding("matrix", String.format(Locale.ROOT, "Server threads follow the model, not "
                + "the load, for %,d clients: %s. Each count is the busiest run of that model; a JVM runs some 10–20 "
                + "threads of its own (GC, JIT, JFR).%s", clients, sentence(parts), overlap)));
    }

    private static Optional<Finding> clientThreads(List<Run> runs) {
        Map<String, Run> busiest = busiest(runs.stream().filter(r -> r.client() != null).toList(),
                r -> r.strategy().label(), Comparator.comparingLong(r -> r.client().resources().peakPlatformThreads()
                        + r.client().resources().peakVirtualThreads()));
        if (busiest.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Run> e : busiest.entrySet()) {
            ClientRun.Resources c = e.getValue().client().resources();
            ClientRun.Children children = e.getValue().client().children();
            StringBuilder p = new StringBuilder(e.getKey()).append(c.peakVirtualThreads() > 0
                    ? String.format(Locale.ROOT, " ran %,d virtual threads on %,d platform threads",
                            c.peakVirtualThreads(), c.peakPlatformThreads())
                    : String.format(Locale.ROOT, " ran %,d platform threads", c.peakPlatformThreads()));
            if (children != null && children.spawned() > 0) {
                p.append(String.format(Locale.ROOT, ", plus %,d child JVMs with %,d OS threads between them",
                        children.spawned(), children.sumPeakOsThreads()));
            }
            parts.add(p.toString());
        }
        int clients = runs.stream().mapToInt(Run::clients).max().orElse(0);
        return Optional.of(new Finding("matrix", String.format(Locale.ROOT, "Client threads follow the strategy, for "
                + "%,d clients: %s.", clients, sentence(parts))));
    }

    private static Finding served(List<Run> runs) {
        long clients = runs.stream().mapToLong(Run::clients).sum();
        List<Run> bad = runs.stream().filter(r -> r.unserved() > 0).toList();
        if (bad.isEmpty()) {
            return new Finding("matrix", String.format(Locale.ROOT, "Every one of the %,d clients of the %d runs got "
                    + "a right reply: no strategy or model ran out of anything at this size.", clients, runs.size()));
        }
        Run worst = bad.stream().max(Comparator.comparingLong(Run::unserved)).orElseThrow();
        return new Finding("matrix", String.format(Locale.ROOT, "%d of %d runs left clients without a right reply "
                + "(%,d of %,d clients in all); the worst, %s → %s: %,d of %,d (%s).", bad.size(), runs.size(),
                bad.stream().mapToLong(Run::unserved).sum(), clients, worst.strategy().label(),
                worst.serverModel().label(), worst.unserved(), worst.clients(), HtmlReport.failures(worst)));
    }

    private static Optional<Finding> rates(List<Run> runs) {
        List<Run> rated = runs.stream().filter(r -> r.succeeded() > 0 && r.clientsPerSecond() > 0).toList();
        if (rated.size() < 2) {
            return Optional.empty();
        }
        Run slow = rated.stream().min(Comparator.comparingDouble(Run::clientsPerSecond)).orElseThrow();
        Run fast = rated.stream().max(Comparator.comparingDouble(Run::clientsPerSecond)).orElseThrow();
        boolean short_ = rated.stream().allMatch(r -> r.wallSeconds() < SHORT_RUN_SECONDS);
        return Optional.of(new Finding("matrix", String.format(Locale.ROOT, "Clients per second ranged from %,.0f "
                + "(%s → %s, %.2f s) to %,.0f (%s → %s, %.2f s), %.1f× apart.%s", slow.clientsPerSecond(),
                slow.strategy().label(), slow.serverModel().label(), slow.wallSeconds(), fast.clientsPerSecond(),
                fast.strategy().label(), fast.serverModel().label(), fast.wallSeconds(),
                fast.clientsPerSecond() / slow.clientsPerSecond(), short_ ? " Every run lasted under "
                        + (int) SHORT_RUN_SECONDS + " s on a shared machine: read these as ratios, not as capacities."
                        : "")));
    }

    /** Each limit search's result: a maximum where the search converged, a lower bound where it was cut short. */
    public static List<Finding> limits(List<LimitResult> limits) {
        List<Finding> out = new ArrayList<>();
        for (LimitResult l : limits) {
            String who = l.strategy().label() + " clients → " + l.serverModel().label() + " server";
            String text = switch (l.stop()) {
                case CONVERGED -> String.format(Locale.ROOT, "%s: at most %,d concurrent clients with zero failures"
                        + "; at %s what ran out was the %s.", who, l.maximum(), l.firstBad() == null ? "the next step"
                        : String.format(Locale.ROOT, "%,d", l.firstBad().clients()), l.resource().label());
                case CEILING -> String.format(Locale.ROOT, "%s held all %,d clients, the search's ceiling: %s, not a "
                        + "limit.", who, l.maximum(), atLeast(l));
                case TIME -> l.firstBad() == null
                        ? String.format(Locale.ROOT, "%s held %,d clients with zero failures before the search's "
                                + "time ran out: %s, not a limit.", who, l.maximum(), atLeast(l))
                        : String.format(Locale.ROOT, "%s: the limit lies between %,d and %,d clients (the search's "
                                + "time ran out while narrowing it); at %,d what ran out was the %s.", who,
                                l.maximum(), l.firstBad().clients(), l.firstBad().clients(), l.resource().label());
            };
            out.add(new Finding("limits", text + processes(l)));
        }
        return out;
    }

    /**
     * For a server of several processes ({@code --server-processes N}): what they held at the most clients held
     * (else at the first failing step), in total and at most in one; empty for one process.
     */
    static String processes(LimitResult l) {
        Run at = l.steps().stream().filter(r -> r.clients() == l.maximum()).findFirst().orElse(l.firstBad());
        if (at == null || at.server() == null || at.server().workers().isEmpty()) {
            return "";
        }
        return " " + processes(at.server());
    }

    /** "2 server processes held 20,000 connections in total, at most 10,050 in one (…)". */
    public static String processes(Run.Server s) {
        long most = s.workers().stream().mapToLong(Run.Worker::peakConnections).max().orElse(-1);
        long fds = s.workers().stream().mapToLong(Run.Worker::peakOpenFds).max().orElse(-1);
        long rss = s.workers().stream().mapToLong(Run.Worker::peakRssBytes).max().orElse(-1);
        return String.format(Locale.ROOT, "%d server processes held %,d connections in total, at most %,d in one "
                + "(at most %,d descriptors and %,d MiB resident in one).", s.processes(),
                s.workers().stream().mapToLong(Run.Worker::peakConnections).sum(), most, fds,
                rss < 0 ? -1 : rss >> 20);
    }

    /** "≥ 1,000" for a search that did not converge, the maximum itself for one that did. */
    static String maximum(LimitResult l) {
        return l.stop() == LimitSearch.Stop.CONVERGED || l.firstBad() != null
                ? String.format(Locale.ROOT, "%,d", l.maximum()) : atLeast(l);
    }

    private static String atLeast(LimitResult l) {
        return String.format(Locale.ROOT, "≥ %,d", l.maximum());
    }

    /** Each crowd's outcome: how many were served, and how the others were lost. */
    public static List<Finding> backlog(List<BacklogRow> rows, Machine machine) {
        return rows.stream().map(b -> new Finding("backlog", crowd(b, machine) + ".")).toList();
    }

    private static Optional<Finding> backlogSummary(List<BacklogRow> rows, Machine machine) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding("backlog", rows.stream().map(b -> crowd(b, machine))
                .collect(Collectors.joining("; ")) + "."));
    }

    private static String crowd(BacklogRow b, Machine machine) {
        String who = String.format(Locale.ROOT, "%s with backlog %,d", b.server().label(), b.backlog());
        if (b.served() == b.clients()) {
            return String.format(Locale.ROOT, "%s served all %,d simultaneous clients", who, b.clients());
        }
        List<String> lost = new ArrayList<>();
        count(lost, b.connectTimeouts(), "to connect timeouts");
        count(lost, b.refused(), "refused");
        count(lost, b.neverServed(), "connected but never served");
        count(lost, b.readTimeouts(), "to read timeouts");
        count(lost, b.otherFailures(), "otherwise");
        String why = b.refused() == 0 && b.connectTimeouts() > 0 && machine != null
                && machine.tcpAbortOnOverflow() == 0
                ? ", not refusals: a full accept queue drops a SYN (tcp_abort_on_overflow=0) and the client's kernel "
                        + "keeps sending it until the client gives up" : "";
        return String.format(Locale.ROOT, "%s lost %,d of %,d impatient clients (%s)%s", who,
                b.clients() - b.served(), b.clients(), String.join(", ", lost), why);
    }

    private static void count(List<String> parts, long n, String how) {
        if (n > 0) {
            parts.add(String.format(Locale.ROOT, "%,d %s", n, how));
        }
    }

    /** The run with the largest {@code order} per key, keys in the order the runs first name them. */
    private static Map<String, Run> busiest(List<Run> runs, Function<Run, String> key, Comparator<Run> order) {
        Map<String, Run> out = new LinkedHashMap<>();
        for (Run r : runs) {
            out.merge(key.apply(r), r, (a, b) -> order.compare(b, a) > 0 ? b : a);
        }
        return out;
    }

    /** "a; b; and c": the parts of one finding, each with its own numbers and commas. */
    private static String sentence(List<String> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        return String.join("; ", parts.subList(0, parts.size() - 1)) + "; and " + parts.getLast();
    }
}
