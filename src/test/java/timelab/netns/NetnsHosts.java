package timelab.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hosts on this machine, made of Linux network namespaces with Debian's iproute2: one server host and N client
 * hosts, each its own network stack (its own address, its own ephemeral ports, its own loopback, up). The server
 * host holds a bridge ({@code br0}, {@value #SERVER_ADDRESS}/24): the hub of the network. Each client host is joined
 * to it by a veth pair: its end is {@code eth0} with {@code 10.203.0.(11+i)/24}, the other end ({@code veth<i>}) a
 * port of the bridge. Every link is created inside the namespaces ({@code ip -n NS link add … peer … netns NS2}), so
 * the host's own interfaces and routes are never touched: the 10.203.0.0/24 addresses exist only inside these
 * namespaces and cannot clash with the host's routes, nor with another run's namespaces.
 *
 * <p>Namespaces are named {@code timelab-netns-<pid>-server} and {@code timelab-netns-<pid>-client<i>} (the pid of
 * the JVM that made them), so two runs never collide; {@link #removeStale()} deletes those of a run whose JVM is gone
 * (one that crashed before its cleanup), after killing what still runs in them. {@link #close()} deletes every
 * namespace this object made (the links inside go with them); a shutdown hook does the same if the JVM exits first.
 * A process started in a host runs through its {@link Host#launcher()}: {@code ip netns exec NAME}, which execs the
 * command itself (the pid is the command's).
 */
final class NetnsHosts implements AutoCloseable {

    /** Every namespace a test makes starts with this. */
    static final String PREFIX = "timelab-netns-";
    /** The server host's address, on its bridge. */
    static final String SERVER_ADDRESS = "10.203.0.1";

    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\S+");
    private static final List<String> IP_LOCATIONS = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");

    /**
     * One host.
     *
     * @param namespace its network namespace's name
     * @param address its address on the hub's network
     */
    record Host(String namespace, String address) {
        /** What runs a command inside this host: {@code ip netns exec NAMESPACE}. */
        List<String> launcher() {
            return List.of(ip().orElseThrow(), "netns", "exec", namespace);
        }
    }

    private final Host server;
    private final List<Host> clients;
    private final List<String> made = new ArrayList<>();
    private final Thread cleanup = new Thread(this::deleteAll, "timelab-netns-cleanup");

    private NetnsHosts(int clientHosts) {
        String base = PREFIX + ProcessHandle.current().pid() + "-";
        server = new Host(base + "server", SERVER_ADDRESS);
        List<Host> c = new ArrayList<>();
        for (int i = 0; i < clientHosts; i++) {
            c.add(new Host(base + "client" + i, "10.203.0." + (11 + i)));
        }
        clients = List.copyOf(c);
    }

    /**
     * Why no namespaces can be made here, or empty when they can: not Linux, not root, no {@code ip}, or the kernel
     * (or a container's seccomp profile, or a missing capability) refusing {@code ip netns add}, tried once with a
     * probe namespace that is deleted at once.
     */
    static Optional<String> whyUnavailable() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Optional.of("needs Linux network namespaces: no /proc/self/status, so not Linux");
        }
        long uid = effectiveUid(status);
        if (uid != 0) {
            return Optional.of("needs root to create network namespaces (ip netns add); this runs as uid " + uid);
        }
        if (ip().isEmpty()) {
            return Optional.of("needs the ip command of iproute2 (apt-get install iproute2); none in "
                    + IP_LOCATIONS + " or on the PATH");
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
        Result add = run("netns", "add", probe);
        if (add.code() != 0) {
            return Optional.of("ip netns add was refused here: " + add.output().strip());
        }
        run("netns", "del", probe);
        return Optional.empty();
    }

    /** Makes the server host and {@code clientHosts} client hosts; on any failure deletes what it made. */
    static NetnsHosts create(int clientHosts) {
        NetnsHosts hosts = new NetnsHosts(clientHosts);
        Runtime.getRuntime().addShutdownHook(hosts.cleanup);
        try {
            hosts.build();
            return hosts;
        } catch (RuntimeException | Error e) {
            hosts.close();
            throw e;
        }
    }

    private void build() {
        String s = server.namespace();
        addNamespace(s);
        ipOrFail("-n", s, "link", "add", "br0", "type", "bridge");
        ipOrFail("-n", s, "addr", "add", SERVER_ADDRESS + "/24", "dev", "br0");
        ipOrFail("-n", s, "link", "set", "br0", "up");
        for (int i = 0; i < clients.size(); i++) {
            Host c = clients.get(i);
            addNamespace(c.namespace());
            String port = "veth" + i;
            ipOrFail("-n", s, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", c.namespace());
            ipOrFail("-n", s, "link", "set", port, "master", "br0");
            ipOrFail("-n", s, "link", "set", port, "up");
            ipOrFail("-n", c.namespace(), "addr", "add", c.address() + "/24", "dev", "eth0");
            ipOrFail("-n", c.namespace(), "link", "set", "eth0", "up");
        }
    }

    private synchronized void addNamespace(String name) { // with the shutdown hook's deleteAll
        ipOrFail("netns", "add", name);
        made.add(name);
        ipOrFail("-n", name, "link", "set", "lo", "up");
    }

    Host server() {
        return server;
    }

    List<Host> clients() {
        return clients;
    }

    /** Which of this object's namespaces (the server's, then the clients') exist now: none after {@link #close()}. */
    List<String> existing() {
        List<String> listed = listNamespaces();
        return Stream.concat(Stream.of(server), clients.stream()).map(Host::namespace).filter(listed::contains)
                .toList();
    }

    /**
     * Deletes the namespaces of earlier runs whose JVM is no longer alive (a run that crashed before its cleanup), and
     * kills the processes still running in them.
     *
     * @return the names deleted
     */
    static List<String> removeStale() {
        List<String> removed = new ArrayList<>();
        for (String name : listNamespaces()) {
            Matcher m = OURS.matcher(name);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true)) {
                killInside(name);
                run("netns", "del", name);
                removed.add(name);
            }
        }
        return removed;
    }

    /**
     * Kills what still runs inside a namespace of a dead run (a JVM killed with SIGKILL leaves its children running),
     * by pid, as {@code ip netns pids} lists them, and waits up to 5 s for them to end.
     */
    private static void killInside(String namespace) {
        List<ProcessHandle> left = run("netns", "pids", namespace).output().lines().map(String::strip)
                .filter(l -> l.matches("\\d+")).map(l -> ProcessHandle.of(Long.parseLong(l)))
                .flatMap(Optional::stream).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // deleting the name does not need it gone: the namespace ends with its last process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Deletes every namespace this object made, with the links inside them. */
    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or ran
        }
    }

    private synchronized void deleteAll() {
        List<String> failed = new ArrayList<>();
        for (String name : made.reversed()) {
            Result r = run("netns", "del", name);
            if (r.code() != 0 && listNamespaces().contains(name)) {
                failed.add(name + ": " + r.output().strip());
            }
        }
        made.clear();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("could not delete network namespaces: " + failed);
        }
    }

    /** The network namespaces {@code ip netns list} names. */
    static List<String> listNamespaces() {
        Result r = run("netns", "list");
        if (r.code() != 0) {
            return List.of();
        }
        return r.output().lines().map(l -> l.split(" ", 2)[0]).filter(l -> !l.isBlank()).toList();
    }

    private static long effectiveUid(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The {@code ip} binary: the usual places first (root's PATH has sbin, a test runner's may not), then PATH. */
    static Optional<String> ip() {
        List<String> candidates = new ArrayList<>(IP_LOCATIONS);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "ip").toString());
                }
            }
        }
        return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst();
    }

    /** Runs {@code ip args…}; fails with its output when it exits with an error. */
    static void ipOrFail(String... args) {
        Result r = run(args);
        if (r.code() != 0) {
            throw new IllegalStateException("ip " + String.join(" ", args) + " failed (exit " + r.code() + "): "
                    + r.output().strip());
        }
    }

    /** What {@code ip args…} printed (standard error merged) and its exit code; 10 s at most. */
    private record Result(int code, String output) {}

    private static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ip().orElseThrow(() -> new IllegalStateException("no ip command")));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", command) + " did not end within 10 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", command) + ": interrupted");
        }
    }
}
