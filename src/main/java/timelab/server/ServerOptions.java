package timelab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import timelab.choice.Checks;
import timelab.service.ServiceKind;

/**
 * Everything a {@link TimeServer} is started with. Validated here, so a server never starts half-configured.
 *
 * @param model the threading model new connections go to
 * @param service what a line means
 * @param bind the address to listen on
 * @param port the port; 0 picks an ephemeral one ({@link TimeServer#port()} tells which)
 * @param backlog the listen backlog, ≥ 1; 0 means the model's default (1 for {@code single}, 4096 otherwise)
 * @param maxConnections connections served at once; beyond it a client gets {@code ERROR busy}; 0 = derived from
 *     the process's open-file limit, leaving headroom like Redis's {@code maxclients}
 * @param maxLine the longest line in bytes
 * @param lineTimeout how long a started line may take to finish
 * @param idleTimeout how long a connection may send nothing; zero = never closed for idling
 * @param writeTimeout how long one write may stall on a client that does not read
 * @param grace on close, how long in-flight connections get to finish
 * @param zone the zone of the {@code TIME} reply
 * @param accessLog the access log to write, or {@code null} for none
 * @param handling how each request is handled: framing, work, reply ({@link Handling#DEFAULT}: today's protocol)
 * @param reusePort bind with {@code SO_REUSEPORT}, so that other processes (and sockets) with it set can bind the
 *     same address and port and the kernel spreads new connections over them by a hash of the 4-tuple
 */
public record ServerOptions(
        ServerModel model,
        ServiceKind service,
        InetAddress bind,
        int port,
        int backlog,
        int maxConnections,
        int maxLine,
        Duration lineTimeout,
        Duration idleTimeout,
        Duration writeTimeout,
        Duration grace,
        ZoneId zone,
        AccessLogOptions accessLog,
        Handling handling,
        boolean reusePort) {

    /** The default port of the coursework's TIME server. */
    public static final int DEFAULT_PORT = 45000;

    public ServerOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(handling, "handling");
        Checks.range("port", port, 0, 65535);
        Checks.range("backlog", backlog, 0, Integer.MAX_VALUE);
        Checks.range("max-connections", maxConnections, 0, Integer.MAX_VALUE);
        Checks.range("max-line", maxLine, 1, 1 << 20);
        Checks.positive("line-timeout", lineTimeout);
        Checks.notNegative("idle-timeout", idleTimeout);
        Checks.positive("write-timeout", writeTimeout);
        Checks.notNegative("grace", grace);
        if (reusePort && !ReusePort.SUPPORTED) {
            throw new IllegalArgumentException("--reuse-port: this platform's sockets have no SO_REUSEPORT");
        }
        if (handling.reply() != null && !service.takesReply()) {
            throw new IllegalArgumentException("--reply applies to --service echo or greet, not " + service.label());
        }
    }

    /** Without {@code SO_REUSEPORT}. */
    public ServerOptions(ServerModel model, ServiceKind service, InetAddress bind, int port, int backlog,
            int maxConnections, int maxLine, Duration lineTimeout, Duration idleTimeout, Duration writeTimeout,
            Duration grace, ZoneId zone, AccessLogOptions accessLog, Handling handling) {
        this(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout, idleTimeout, writeTimeout,
                grace, zone, accessLog, handling, false);
    }

    /** With the default {@link Handling}. */
    public ServerOptions(ServerModel model, ServiceKind service, InetAddress bind, int port, int backlog,
            int maxConnections, int maxLine, Duration lineTimeout, Duration idleTimeout, Duration writeTimeout,
            Duration grace, ZoneId zone, AccessLogOptions accessLog) {
        this(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout, idleTimeout, writeTimeout,
                grace, zone, accessLog, Handling.DEFAULT);
    }

    /** Without an access log. */
    public ServerOptions(ServerModel model, ServiceKind service, InetAddress bind, int port, int backlog,
            int maxConnections, int maxLine, Duration lineTimeout, Duration idleTimeout, Duration writeTimeout,
            Duration grace, ZoneId zone) {
        this(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout, idleTimeout, writeTimeout,
                grace, zone, null);
    }

    /** Defaults as on the command line, on the given model, listening on loopback with an ephemeral port. */
    public static ServerOptions loopback(ServerModel model) {
        return new ServerOptions(model, ServiceKind.TIME, InetAddress.getLoopbackAddress(), 0, 0, 0, 256,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5),
                ZoneId.systemDefault());
    }

    public ServerOptions withModel(ServerModel m) {
        return new ServerOptions(m, service, bind, port, backlog, maxConnections, maxLine, lineTimeout, idleTimeout,
                writeTimeout, grace, zone, accessLog, handling, reusePort);
    }

    public ServerOptions withService(ServiceKind s) {
        return new ServerOptions(model, s, bind, port, backlog, maxConnections, maxLine, lineTimeout, idleTimeout,
                writeTimeout, grace, zone, accessLog, handling, reusePort);
    }

    public ServerOptions withMaxConnections(int n) {
        return new ServerOptions(model, service, bind, port, backlog, n, maxLine, lineTimeout, idleTimeout,
                writeTimeout, grace, zone, accessLog, handling, reusePort);
    }

    public ServerOptions withLimits(int maxLine, Duration lineTimeout, Duration idleTimeout, Duration writeTimeout) {
        return new ServerOptions(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout,
                idleTimeout, writeTimeout, grace, zone, accessLog, handling, reusePort);
    }

    public ServerOptions withGrace(Duration g) {
        return new ServerOptions(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout,
                idleTimeout, writeTimeout, g, zone, accessLog, handling, reusePort);
    }

    public ServerOptions withIdleTimeout(Duration d) {
        return new ServerOptions(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout, d,
                writeTimeout, grace, zone, accessLog, handling, reusePort);
    }

    public ServerOptions withBacklog(int n) {
        return new ServerOptions(model, service, bind, port, n, maxConnections, maxLine, lineTimeout,
                idleTimeout, writeTimeout, grace, zone, accessLog, handling, reusePort);
    }

    /** With the access log {@code log} ({@code null}: none). */
    public ServerOptions withAccessLog(AccessLogOptions log) {
        return new ServerOptions(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout,
                idleTimeout, writeTimeout, grace, zone, log, handling, reusePort);
    }

    /** With {@code h} as how each request is handled. */
    public ServerOptions withHandling(Handling h) {
        return new ServerOptions(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout,
                idleTimeout, writeTimeout, grace, zone, accessLog, h, reusePort);
    }

    /** With {@code SO_REUSEPORT} on or off. */
    public ServerOptions withReusePort(boolean on) {
        return new ServerOptions(model, service, bind, port, backlog, maxConnections, maxLine, lineTimeout,
                idleTimeout, writeTimeout, grace, zone, accessLog, handling, on);
    }

    /** On {@code p} (0: an ephemeral one). */
    public ServerOptions withPort(int p) {
        return new ServerOptions(model, service, bind, p, backlog, maxConnections, maxLine, lineTimeout,
                idleTimeout, writeTimeout, grace, zone, accessLog, handling, reusePort);
    }

    /** The backlog actually passed to {@code listen()}. */
    public int effectiveBacklog() {
        if (backlog > 0) {
            return backlog;
        }
        return model instanceof ServerModel.Single ? 1 : 4096;
    }

    /** Whether the JDK's listener takes {@code SO_REUSEPORT} here (Linux, the BSDs, macOS: yes), asked once. */
    private static final class ReusePort {
        static final boolean SUPPORTED = supported();

        private static boolean supported() {
            try (ServerSocketChannel probe = ServerSocketChannel.open()) {
                return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            } catch (IOException e) {
                return false;
            }
        }
    }
}
