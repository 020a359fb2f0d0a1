package timelab.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** Where the clients connect to and from: {@code --host}, {@code --port}, {@code --source-addresses} (a mixin). */
final class TargetOptions {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "the server's address or name (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "45000", converter = ClientConverters.PortsConverter.class,
            paramLabel = "PORTS", description = "a port, a range 45000-45003 or a list (default: ${DEFAULT-VALUE})")
    List<Integer> ports;

    @Option(names = "--source-addresses", converter = ClientConverters.AddressesConverter.class,
            paramLabel = "ADDRS", description = "bind clients to these local addresses, round-robin, e.g. "
                    + "127.0.0.1-127.0.0.20: ~28k ephemeral ports each")
    List<String> sourceAddresses;

    List<String> sources() {
        return sourceAddresses == null ? List.of() : sourceAddresses;
    }
}
