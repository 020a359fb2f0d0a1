package timelab.fork;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientRun;
import timelab.client.FailureKind;
import timelab.client.Outcome;
import timelab.server.ServerModel;
import timelab.server.ServerStatus;
import timelab.server.WorkerStatus;
import timelab.service.ServiceKind;

/**
 * Everything a parent and a child JVM say to each other: one JSON line per message ({@link Messages}), its kind in
 * the {@code message} field. Child → parent on the child's standard output; parent → child ({@link Go},
 * {@link Stop}) on its standard input, after the spec line.
 *
 * <p>The forked load client ({@code process} strategy): {@link Ready} once its spec is checked, {@link Progress}
 * every 100 ms, {@link Held} when its first hold wave is connected (it then waits for {@link Go}), a
 * {@link Connection} per finished connection when asked, and last exactly one {@link Report}. A {@code timelab
 * server --status-format json}: {@link Listening} once, {@link Status} per interval, {@link Final} at shutdown. A
 * {@code timelab.app.ClientMain}: one {@link Result}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "message")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Message.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = Message.Progress.class, name = "progress"),
    @JsonSubTypes.Type(value = Message.Held.class, name = "held"),
    @JsonSubTypes.Type(value = Message.Connection.class, name = "connection"),
    @JsonSubTypes.Type(value = Message.Report.class, name = "report"),
    @JsonSubTypes.Type(value = Message.Result.class, name = "result"),
    @JsonSubTypes.Type(value = Message.Listening.class, name = "listening"),
    @JsonSubTypes.Type(value = Message.Status.class, name = "status"),
    @JsonSubTypes.Type(value = Message.Final.class, name = "final"),
    @JsonSubTypes.Type(value = Message.Go.class, name = "go"),
    @JsonSubTypes.Type(value = Message.Stop.class, name = "stop")
})
public sealed interface Message {

    /** The child is up and its spec is checked. */
    record Ready() implements Message {}

    /** The forked client's counts so far. */
    record Progress(long started, long ok, long failed, long open) implements Message {}

    /** The forked client's first hold wave is connected ({@code open} connections); it waits for {@link Go}. */
    record Held(long open) implements Message {}

    /**
     * One finished connection of the forked client.
     *
     * @param failure why it failed, {@code null} when it succeeded
     * @param rawMessage the failure's own message, or {@code null}
     * @param lastReply the last reply line read, or {@code null}
     */
    record Connection(int client, FailureKind failure, String rawMessage, long connectNanos, long requestNanos,
            int requestsOk, String lastReply) implements Message {

        public static Connection of(ConnectionResult r) {
            return switch (r.outcome()) {
                case Outcome.Ok ok -> new Connection(r.client(), null, null, r.connectNanos(), r.requestNanos(),
                        r.requestsOk(), r.lastReply());
                case Outcome.Failed f -> new Connection(r.client(), f.kind(), f.rawMessage(), r.connectNanos(),
                        r.requestNanos(), r.requestsOk(), r.lastReply());
            };
        }

        /** The connection as the parent's observer sees it, under the parent's strategy label. */
        public ConnectionResult toResult(String strategy) {
            Outcome outcome = failure == null ? Outcome.OK : new Outcome.Failed(failure, rawMessage);
            return new ConnectionResult(strategy, client, outcome, connectNanos, requestNanos, requestsOk,
                    lastReply);
        }
    }

    /**
     * The forked client's last word.
     *
     * @param run its result, or {@code null} when it could not run
     * @param error why it could not run, or {@code null}
     * @param processCpuSeconds the child JVM's whole CPU time when it reported, start-up included
     */
    record Report(ClientRun run, String error, double processCpuSeconds) implements Message {
        public Report {
            if ((run == null) == (error == null)) {
                throw new IllegalArgumentException("a report has either a run or an error");
            }
        }
    }

    /**
     * A {@code timelab client}'s result (the same as its {@code --json}) and the JDK it ran on.
     *
     * @param jdk the client's JDK, {@code null} from a client that did not say
     */
    record Result(ClientRun run, Jdk jdk) implements Message {
        public Result {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * A server listens: where, with what limits, which process, which model and service, on which JDK.
     *
     * @param maxConnections the connection cap; of a parent with workers, the sum of theirs
     * @param pid the server's process: with workers ({@code --processes}), the parent's
     * @param jdk the server's JDK, {@code null} from a server that did not say
     * @param workers the worker processes' pids ({@code --processes N}), empty (and left out) for one process
     */
    record Listening(String address, int port, int backlog, int maxConnections, long pid, ServerModel model,
            ServiceKind service, Jdk jdk, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> workers)
            implements Message {
        public Listening {
            workers = workers == null ? List.of() : List.copyOf(workers);
        }

        /** One process, no workers. */
        public Listening(String address, int port, int backlog, int maxConnections, long pid, ServerModel model,
                ServiceKind service, Jdk jdk) {
            this(address, port, backlog, maxConnections, pid, model, service, jdk, List.of());
        }
    }

    /**
     * A server's periodic status.
     *
     * @param status the server's, of a parent with workers their total ({@link ServerStatus#total})
     * @param workers each worker's latest status ({@code --processes N}), empty (and left out) for one process
     */
    record Status(ServerStatus status, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WorkerStatus> workers)
            implements Message {
        public Status {
            Objects.requireNonNull(status, "status");
            workers = workers == null ? List.of() : List.copyOf(workers);
        }

        /** One process. */
        public Status(ServerStatus status) {
            this(status, List.of());
        }
    }

    /**
     * A server's status at shutdown, after its last connection closed.
     *
     * @param status the server's, of a parent with workers the total of theirs
     * @param workers each worker's final status (its last one when it gave none), empty for one process
     */
    record Final(ServerStatus status, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WorkerStatus> workers)
            implements Message {
        public Final {
            Objects.requireNonNull(status, "status");
            workers = workers == null ? List.of() : List.copyOf(workers);
        }

        /** One process. */
        public Final(ServerStatus status) {
            this(status, List.of());
        }
    }

    /** Parent → child: release the hold. */
    record Go() implements Message {}

    /** Parent → child: start no more clients (end of input means the same). */
    record Stop() implements Message {}
}
