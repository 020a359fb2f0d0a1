package timelab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import timelab.app.ServerAppConfig;
import timelab.client.ClientStrategy;
import timelab.client.FailureKind;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;

/**
 * {@code timelab backlog}, the coursework's "nervous client": N clients connect at once, each holding its connection
 * until all are connected (or failed), against {@code single} with a tiny backlog and, for comparison, {@code platform}
 * and {@code nio} with the default one. Counts what each client got and reads what the kernel did
 * ({@code ListenOverflows}, {@code SyncookiesSent}, … before and after), then says it in plain words.
 */
public final class BacklogExperiment {

    /** The servers compared: the bottleneck first. */
    static final List<ServerModel> SERVERS = List.of(new ServerModel.Single(), new ServerModel.Platform(),
            new ServerModel.EventLoop());

    /**
     * @param clients the crowd sizes, e.g. 10 and 200
     * @param backlog the bottleneck server's listen backlog
     * @param java what the server and client children run on
     */
    public record Plan(List<Integer> clients, int backlog, Duration connectTimeout, Duration readTimeout,
            JavaRuntime java) {
        public Plan {
            Objects.requireNonNull(java, "java");
            clients = List.copyOf(clients);
            if (clients.isEmpty() || clients.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("clients must be at least 1");
            }
            if (backlog < 1) {
                throw new IllegalArgumentException("the backlog must be at least 1, was " + backlog);
            }
        }
    }

    private BacklogExperiment() {}

    public static List<BacklogRow> run(Plan plan, Machine machine, Path dir, Consumer<String> log)
            throws IOException, InterruptedException {
        List<BacklogRow> rows = new ArrayList<>();
        for (int n : plan.clients()) {
            for (ServerModel model : SERVERS) {
                ServerAppConfig server = ServerProcess.defaults(model);
                if (model instanceof ServerModel.Single) {
                    server = server.withServer(server.server().withBacklog(plan.backlog()));
                }
                Trial.Spec spec = new Trial.Spec("backlog-" + model.label() + "-" + n,
                        new ClientStrategy.PlatformThreads(), new ServerUnderTest.Child(model), server, n, true,
                        new Trial.Timing(plan.connectTimeout(), plan.readTimeout(), Duration.ZERO), false,
                        Duration.ofMinutes(5), plan.java());
                BacklogRow row = row(Trial.run(spec, dir), machine);
                rows.add(row);
                log.accept(String.format(Locale.ROOT, "  %-8s backlog %-5d %4d clients: %d served, %d connect "
                        + "timeouts, %d never served, %d refused", row.server().label(), row.backlog(), n, row.served(),
                        row.connectTimeouts(), row.neverServed(), row.refused()));
            }
        }
        return rows;
    }

    /** The row for a run: its counts and the verdict. */
    static BacklogRow row(Run run, Machine machine) {
        long refused = run.failures(FailureKind.REFUSED);
        long connectTimeouts = run.failures(FailureKind.CONNECT_TIMEOUT);
        long neverServed = run.failures(FailureKind.NEVER_SERVED);
        long readTimeouts = run.failures(FailureKind.READ_TIMEOUT);
        long other = run.failed() - refused - connectTimeouts - neverServed - readTimeouts;
        int backlog = run.server() == null ? -1 : run.server().backlog();
        return new BacklogRow(run.serverModel(), backlog, run.clients(), run.clients() - refused - connectTimeouts,
                run.succeeded(), refused, connectTimeouts, neverServed, readTimeouts, other,
                verdict(run, backlog, machine), run);
    }

    /** What happened, in plain words: the client's view first, then the kernel's. */
    static String verdict(Run run, int backlog, Machine m) {
        long overflows = run.kernel().getOrDefault("ListenOverflows", 0L);
        long cookies = run.kernel().getOrDefault("SyncookiesSent", 0L);
        StringBuilder b = new StringBuilder();
        if (run.failed() == 0) {
            b.append(String.format(Locale.ROOT, "All %,d were served", run.clients()));
            if (run.connect().maxMs() >= 900) {
                b.append(String.format(Locale.ROOT, ", but the slowest connect took %,.0f ms: its first SYN was "
                        + "dropped and the client's kernel sent it again (%s)", run.connect().maxMs(),
                        m.synRetries()));
            }
            b.append('.');
        } else {
            b.append(String.format(Locale.ROOT, "%,d of %,d failed (%s).", run.failed(), run.clients(),
                    Diagnosis.kinds(run)));
            if (run.failures(FailureKind.REFUSED) == 0) {
                b.append(String.format(Locale.ROOT, " None was refused: with tcp_abort_on_overflow=%d a full accept "
                        + "queue does not answer a SYN with RST, it drops it, and the client's kernel sends the SYN "
                        + "again %s, until the connect timeout.", m.tcpAbortOnOverflow(), m.synRetries()));
            }
        }
        if (backlog > 0) {
            b.append(String.format(Locale.ROOT, " The listen backlog was %,d (the kernel queues up to backlog + 1 "
                    + "finished handshakes, capped by somaxconn %,d).", backlog, m.somaxconn()));
        }
        long connected = run.clients() - run.failures(FailureKind.REFUSED) - run.failures(FailureKind.CONNECT_TIMEOUT);
        boolean single = run.serverModel() instanceof ServerUnderTest.Child c
                && c.model() instanceof ServerModel.Single;
        if (single && run.hold() && run.failed() > 0 && connected == backlog + 2L) {
            b.append(String.format(Locale.ROOT, " The %d that connected are the one the single thread had accepted "
                    + "(it waited for that client's request, which the client held back until all were connected) "
                    + "and the %d the queue held.", connected, backlog + 1));
        }
        b.append(String.format(Locale.ROOT, " Kernel: %,d accept-queue overflows (ListenOverflows: every dropped "
                + "SYN or handshake, retries included), %,d SYN cookies sent", overflows, cookies));
        if (cookies > 0) {
            b.append(" — when the backlog-sized SYN queue is full the kernel answers with a SYN cookie instead of "
                    + "keeping state, so the client counts as connected although the server's queue had no room; the "
                    + "connection becomes real only when a later packet (the client's request) finds room, else it "
                    + "is never served");
        }
        b.append(". These counters are machine-wide: other traffic on this machine adds to them.");
        return b.toString();
    }
}
