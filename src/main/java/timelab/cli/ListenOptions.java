package timelab.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** Where and how much a server listens: {@code --bind}, {@code --port}, {@code --backlog}, ... (a picocli mixin). */
final class ListenOptions {

    @Option(names = "--port", defaultValue = "45000", paramLabel = "PORT",
            description = "TCP port; 0 = an ephemeral one, printed (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--backlog", paramLabel = "N",
            description = "listen backlog, >= 1 (default: 1 for single, 4096 otherwise; the kernel caps it at "
                    + "net.core.somaxconn)")
    Integer backlog;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "connections served at once; more get ERROR busy (default: open-file limit minus "
                    + "descriptors in use minus 32)")
    Integer maxConnections;

    /** The address; {@link IllegalArgumentException} when it does not resolve. */
    InetAddress address() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address '" + bind + "'");
        }
    }

    /** The backlog, 0 for the model's default; {@link IllegalArgumentException} when given below 1. */
    int backlogOrDefault() {
        if (backlog != null && backlog < 1) {
            throw new IllegalArgumentException("--backlog must be at least 1 (Java would read 0 as \"default 50\")");
        }
        return backlog == null ? 0 : backlog;
    }

    /** The limit, 0 for the derived one; {@link IllegalArgumentException} when given below 1. */
    int maxConnectionsOrDerived() {
        if (maxConnections != null && maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1");
        }
        return maxConnections == null ? 0 : maxConnections;
    }
}
