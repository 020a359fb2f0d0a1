package timelab.app;

import java.util.List;
import java.util.Locale;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientRun;
import timelab.client.ExchangeKind;
import timelab.client.FailureKind;
import timelab.client.Outcome;
import timelab.client.Progress;

/** The text {@code timelab client} prints: the summary table, progress lines, per-client lines. Pure. */
final class ClientReport {

    private static final int BAR = 30;
    /** Where the summary's values start, after the row names ("  clients    "). */
    private static final String INDENT = " ".repeat(13);

    private ClientReport() {}

    /** The summary table of a finished run. */
    static String summary(ClientRun r) {
        StringBuilder b = new StringBuilder();
        String target = r.plan().host() + ":" + ports(r.plan().ports());
        b.append(String.format(Locale.ROOT, "timelab client: %s, %s → %s%s, %s in %.3f s%n", r.strategy(),
                workload(r), target, r.plan().sourceAddresses().isEmpty() ? ""
                        : " from " + r.plan().sourceAddresses().size() + " source addresses",
                r.interrupted() ? "INTERRUPTED" : "done", r.wallSeconds()));
        startAndSegment(b, r);
        if (r.transportFallback() != null) {
            line(b, INDENT, "  transport  fell back: " + r.transportFallback());
        }
        line(b, INDENT, String.format(Locale.ROOT, "  clients    %d started, %d ok, %d failed%s", r.clients(),
                r.succeeded(), r.failed(), rates(r)));
        b.append(String.format(Locale.ROOT, "  peak       %d connections at once%s%s%n", r.peakConcurrentConnections(),
                r.heldAtOnce() == null ? "" : ", " + r.heldAtOnce() + " held at once",
                r.parts() == null ? "" : " (the sum of the parts' peaks: an upper bound)"));
        parts(b, r);
        ClientRun.Resources res = r.resources();
        line(b, INDENT, String.format(Locale.ROOT, (r.parts() == null ? "  client     " : "  clients    sum: ")
                + "platform threads %d, virtual threads %d, OS threads "
                        + "%d, open fds %d, RSS %s, CPU %.2f s", res.peakPlatformThreads(), res.peakVirtualThreads(),
                res.peakOsThreads(), res.peakOpenFds(), bytes(res.peakRssBytes()), res.cpuSeconds()));
        latencies(b, r);
        ClientRun.Children c = r.children();
        children(b, c);
        failures(b, r);
        if (c != null) {
            // the children that died have output lines worth showing; the never-started ones are in the failures
            for (ClientRun.ChildFailure f : c.failures().stream().filter(f -> f.exitCode() != null).limit(3)
                    .toList()) {
                b.append(String.format(Locale.ROOT, "  child %d (%d client%s from client %d)%s: %s%n", f.child(),
                        f.clients(), f.clients() == 1 ? "" : "s", f.firstClient(),
                        f.exitCode() == null ? "" : " exit " + f.exitCode(), f.reason()));
                for (String line : f.lastLines()) {
                    b.append("      | ").append(line).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static void children(StringBuilder b, ClientRun.Children c) {
        if (c != null) {
            line(b, INDENT, String.format(Locale.ROOT, "  children   %d planned, %d spawned, %d spawn failed, %d "
                            + "died%s, peak %d alive; %d spawns waited for memory", c.planned(), c.spawned(),
                    c.spawnFailed(), c.died(), c.interruptedBeforeUp() == 0 ? "" : ", " + c.interruptedBeforeUp()
                            + " stopped before they were up", c.peakLive(), c.spawnsDelayed()));
            line(b, INDENT, String.format(Locale.ROOT, "%sspawn-to-ready ms p50 %.1f, p99 %.1f, max %.1f; RSS "
                            + "together at peak %s, sum of peaks %s; threads (sum of peaks) platform %d, virtual %d, "
                            + "OS %d; CPU %.1f s", INDENT, c.spawn().p50Ms(), c.spawn().p99Ms(), c.spawn().maxMs(),
                    bytes(c.peakLiveRssBytes()), bytes(c.sumPeakRssBytes()), c.sumPeakPlatformThreads(),
                    c.sumPeakVirtualThreads(), c.sumPeakOsThreads(), c.cpuSeconds()));
            line(b, INDENT, INDENT + "CDS " + c.cds());
        }
    }

    private static void failures(StringBuilder b, ClientRun r) {
        if (r.failures().isEmpty()) {
            b.append("  failures   none\n");
        } else {
            b.append(String.format(Locale.ROOT, "  failures   %d of %d clients%n", r.failed(), r.clients()));
            String meaning = " ".repeat(4 + 26 + 1 + 7 + 2);
            for (ClientRun.FailureCount f : r.failures().values()) {
                line(b, meaning, String.format(Locale.ROOT, "    %-26s %7d  %s", f.kind(), f.count(), f.meaning()));
                if (!f.examples().isEmpty()) {
                    line(b, meaning + "     ", meaning + "e.g. " + f.examples().get(0));
                }
            }
        }
    }

    /** When a run started against {@code --start-at}, and which segment of its plan it ran. */
    private static void startAndSegment(StringBuilder b, ClientRun r) {
        if (r.startAt() != null) {
            b.append(String.format(Locale.ROOT, "  start      at %s, asked for %s: %.3f s late%n", r.startedAt(),
                    r.startAt(), r.lateSeconds() == null ? 0 : r.lateSeconds()));
        }
        if (r.plan().segment().count() > 1) {
            b.append(String.format(Locale.ROOT, "  segment    %s of the plan: %d of its %d clients (client n runs in "
                    + "segment (n-1) mod %d)%n", r.plan().segment().label(), r.plan().segmentClients(),
                    r.plan().clients(), r.plan().segment().count()));
        }
    }

    /** A merge's inputs, one line each, and the segments it lacks. */
    private static void parts(StringBuilder b, ClientRun r) {
        if (r.parts() == null) {
            return;
        }
        for (ClientRun.Part p : r.parts()) {
            line(b, INDENT, String.format(Locale.ROOT, "  part %-5s %s pid %d: %d clients, %d failed, started %s%s, "
                            + "%.3f s; peak %d connections%s; RSS %s, OS threads %d, CPU %.2f s",
                    p.segment().label(), p.host(), p.pid(), p.clients(), p.failed(), p.startedAt(),
                    p.lateSeconds() == null ? "" : String.format(Locale.ROOT, " (%.3f s late)", p.lateSeconds()),
                    p.wallSeconds(), p.peakConcurrentConnections(),
                    p.heldAtOnce() == null ? "" : ", " + p.heldAtOnce() + " held",
                    bytes(p.resources().peakRssBytes()), p.resources().peakOsThreads(), p.resources().cpuSeconds()));
        }
        if (r.missingSegments() != null && !r.missingSegments().isEmpty()) {
            b.append(String.format(Locale.ROOT, "  MISSING    segments %s of %d: not the whole plan%n",
                    r.missingSegments(), r.parts().get(0).segment().count()));
        }
    }

    private static String workload(ClientRun r) {
        var p = r.plan();
        StringBuilder w = new StringBuilder();
        if (p.looping()) {
            w.append(p.clients()).append(" looping clients for ").append(p.duration().toMillis() / 1000.0).append(" s");
        } else if (p.openModel()) {
            w.append(String.format(Locale.ROOT, "%.1f clients/s", p.rate()));
            w.append(p.clients() == Integer.MAX_VALUE ? "" : ", up to " + p.clients());
            w.append(p.duration().isZero() ? "" : " for " + p.duration().toMillis() / 1000.0 + " s");
        } else {
            w.append(p.clients()).append(" clients");
        }
        w.append(" × ").append(p.requests()).append(p.requests() == 1 ? " request" : " requests");
        if (p.exchange().service() != ExchangeKind.TIME) {
            w.append(" (").append(p.exchange().service().label()).append(": ").append(p.exchange().send()).append(')');
        }
        if (p.hold()) {
            w.append(", hold");
        }
        return w.toString();
    }

    /**
     * After "N started, N ok, N failed": the rates when some clients succeeded (over those only, and said so when
     * some failed); when none did, what happened instead, from the failure taxonomy.
     */
    private static String rates(ClientRun r) {
        if (r.clientsPerSecond() == null) {
            if (r.clients() == 0) {
                return ": no client started";
            }
            String kinds = r.failures().values().stream()
                    .map(f -> String.format(Locale.ROOT, "%s ×%,d", f.kind(), f.count()))
                    .collect(java.util.stream.Collectors.joining(", "));
            String target = r.plan().host() + ":" + ports(r.plan().ports());
            boolean refused = r.failures(FailureKind.REFUSED) == r.failed();
            return String.format(Locale.ROOT, ": all %,d clients failed (%s), so there is no rate to give%s",
                    r.failed(), kinds, refused ? "; is a server listening on " + target + "?" : "");
        }
        String replies = r.requestsPerSecond() == null ? "no replies"
                : String.format(Locale.ROOT, "%.1f requests/s (%d replies)", r.requestsPerSecond(), r.requests());
        String over = r.failed() == 0 ? ""
                : String.format(Locale.ROOT, ", counting only the %,d clients that succeeded", r.succeeded());
        return String.format(Locale.ROOT, "    %.1f clients/s, %s%s", r.clientsPerSecond(), replies, over);
    }

    /** The latency table, the rows that measured something only; none at all when nothing was measured. */
    private static void latencies(StringBuilder b, ClientRun r) {
        if (r.connect().count() == 0 && r.request().count() == 0) {
            return;
        }
        b.append(String.format(Locale.ROOT, "  latency ms %9s %9s %9s %9s %9s %9s%n", "p50", "p90", "p99", "p99.9",
                "max", "count"));
        latency(b, "connect", r.connect());
        latency(b, "request", r.request());
    }

    /** {@code text} fitted to the console's width, every further line indented by {@code indent}. */
    private static void line(StringBuilder b, String indent, String text) {
        ConsoleText.wrap(text, ConsoleText.WIDTH, indent).forEach(l -> b.append(l).append('\n'));
    }

    private static void latency(StringBuilder b, String name, ClientRun.Latency l) {
        if (l.count() == 0) {
            return;
        }
        b.append(String.format(Locale.ROOT, "    %-8s %9.3f %9.3f %9.3f %9.3f %9.3f %9d%n", name, l.p50Ms(), l.p90Ms(),
                l.p99Ms(), l.p999Ms(), l.maxMs(), l.count()));
    }

    private static String ports(List<Integer> ports) {
        if (ports.size() == 1) {
            return Integer.toString(ports.get(0));
        }
        boolean range = ports.get(ports.size() - 1) - ports.get(0) == ports.size() - 1;
        return range ? ports.get(0) + "-" + ports.get(ports.size() - 1) + " (" + ports.size() + " ports)"
                : ports.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** {@code 1.5 GiB}, {@code 88.1 MiB}; "?" when unknown. */
    static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }

    /** A plain progress line (no terminal): stable {@code key=value} pairs. */
    static String progressLine(Progress p) {
        return String.format(Locale.ROOT, "progress t=%.1fs started=%d%s ok=%d failed=%d open=%d%s",
                p.elapsedNanos() / 1e9, p.started(), p.planned() < 0 ? "" : "/" + p.planned(), p.ok(), p.failed(),
                p.open(), p.childrenLive() > 0 ? " children=" + p.childrenLive() : "");
    }

    /** The single updating terminal line: a bar when the total is known. */
    static String progressBar(Progress p) {
        String bar = "";
        if (p.planned() > 0) {
            int filled = (int) Math.min(BAR, p.finished() * BAR / p.planned());
            bar = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + p.finished() + "/" + p.planned() + " ";
        }
        return String.format(Locale.ROOT, "\r%sok %d  failed %d  open %d%s  %.1fs ", bar, p.ok(), p.failed(), p.open(),
                p.childrenLive() > 0 ? "  children " + p.childrenLive() : "", p.elapsedNanos() / 1e9);
    }

    /** The coursework's per-client line ({@code --verbose}). */
    static String clientLine(ConnectionResult r) {
        return switch (r.outcome()) {
            case Outcome.Ok ok -> "client " + r.client() + ": " + (r.lastReply() == null ? "connected" : r.lastReply());
            case Outcome.Failed f -> "client " + r.client() + ": failed (" + f.kind().label() + ") " + f.rawMessage();
        };
    }
}
