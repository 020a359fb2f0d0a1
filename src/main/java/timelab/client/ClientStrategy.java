package timelab.client;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import timelab.choice.Checks;
import timelab.choice.Choice;
import timelab.netty.Transport;

/**
 * How the client runs its simulated clients: the closed set of strategies. Every strategy runs the same
 * per-connection work ({@link ClientSession}); they differ only in what carries a client. {@link LoadGenerator}
 * switches on this type in exactly one place; adding a strategy breaks the build there until it is handled.
 */
public sealed interface ClientStrategy {

    /**
     * The name used on the command line, in reports and in the JSON ({@code fixed:8}, {@code process:4/virtual}):
     * what Jackson writes for a strategy. {@link #parse} reads it back.
     */
    @JsonValue
    String label();

    /** One new platform thread per client ({@code timelab-client-platform-N}): the coursework's Thread subclass. */
    record PlatformThreads() implements ClientStrategy {
        @Override
        public String label() {
            return "platform";
        }
    }

    /**
     * A fixed pool of platform threads ({@code timelab-client-fixed-N}); clients beyond {@code threads} wait in the
     * pool's queue, so at most {@code threads} connections are open at once (Python's {@code ThreadPool}, sized to
     * the CPUs, is why the coursework saw exactly 8 connections at a time on an 8-CPU laptop).
     */
    record FixedPool(int threads) implements ClientStrategy {
        public FixedPool {
            if (threads < 1) {
                throw new IllegalArgumentException("a fixed pool needs at least 1 thread, was " + threads);
            }
        }

        @Override
        public String label() {
            return "fixed:" + threads;
        }
    }

    /** A cached pool of platform threads ({@code timelab-client-cached-N}): idle ones reused, new ones unbounded. */
    record CachedPool() implements ClientStrategy {
        @Override
        public String label() {
            return "cached";
        }
    }

    /** One virtual thread per client ({@code timelab-client-virtual-N}). */
    record VirtualThreads() implements ClientStrategy {
        @Override
        public String label() {
            return "virtual";
        }
    }

    /**
     * Event loops: {@code loops} platform threads ({@code timelab-client-nio-N}), each a
     * {@link java.nio.channels.Selector} driving any number of non-blocking connections — the way redis-benchmark,
     * wrk and tcpkali drive theirs. No thread per client: a connection costs a socket and a few hundred bytes, and a
     * round trip one {@code write}, one {@code read} and a share of one {@code epoll_wait}. Clients are dealt to the
     * loops in turn.
     */
    record EventLoops(int loops) implements ClientStrategy {
        public EventLoops {
            if (loops < 1) {
                throw new IllegalArgumentException("nio needs at least 1 event loop, was " + loops);
            }
        }

        @Override
        public String label() {
            return loops == 1 ? "nio" : "nio:" + loops;
        }
    }

    /**
     * Netty's event loops: {@code loops} platform threads ({@code timelab-netty-client-N}) on {@code transport}
     * (io_uring, epoll or nio), each carrying any number of connections, every one running the same
     * {@link ClientSession} as the other strategies. One loop by default, as redis-benchmark has one thread: the
     * client shares the CPUs with the server under test. When {@code transport} cannot start here the run falls back
     * (io_uring → epoll → nio), says why, and reports the label of the transport that ran.
     */
    record NettyLoops(int loops, Transport transport) implements ClientStrategy {
        public NettyLoops {
            if (loops < 1) {
                throw new IllegalArgumentException("netty needs at least 1 event loop, was " + loops);
            }
            Objects.requireNonNull(transport, "transport");
        }

        /** Always the full form, {@code netty:N/transport}, so that runs on different transports stay apart. */
        @Override
        public String label() {
            return "netty:" + loops + "/" + transport.label();
        }
    }

    /**
     * Child JVMs. {@code jvms == 0}: one child JVM per client, as the coursework's process client did (the child
     * runs its one client on its main path, {@code inner} is {@link PlatformThreads}). {@code jvms > 0}: the clients
     * are spread over that many child JVMs, each running its share with {@code inner}.
     */
    record ChildProcesses(int jvms, ClientStrategy inner) implements ClientStrategy {
        public ChildProcesses {
            if (jvms < 0) {
                throw new IllegalArgumentException("the number of child JVMs must be ≥ 0, was " + jvms);
            }
            if (inner == null) {
                inner = new PlatformThreads();
            }
            if (inner instanceof ChildProcesses) {
                throw new IllegalArgumentException("a child JVM cannot spawn child JVMs itself (process:K/process)");
            }
        }

        /** Whether each client gets a JVM of its own. */
        public boolean perClient() {
            return jvms == 0;
        }

        @Override
        public String label() {
            return perClient() ? "process" : "process:" + jvms + "/" + inner.label();
        }
    }

    /** The strategy names {@link #parse} accepts. */
    List<String> NAMES = List.of("platform", "fixed", "cached", "virtual", "nio", "netty", "process");

    /**
     * Parses {@code platform | fixed[:N] | cached | virtual | nio[:N] | netty[:N][/T] | process | process:K/S}; a
     * {@code netty} without {@code /T} runs on the best transport that loads here ({@code EventLoops.best()}).
     *
     * @param defaultPoolSize the pool size of {@code fixed} when none is given (the CLI passes {@code --pool-size},
     *     by default the number of CPUs)
     * @throws IllegalArgumentException naming the choices
     */
    static ClientStrategy parse(String spec, int defaultPoolSize) {
        return parse(spec, defaultPoolSize, null);
    }

    /**
     * As {@link #parse(String, int)}, with the client command's {@code --transport}: the transport of a
     * {@code netty} written without {@code /T} (also inside {@code process:K/netty}).
     *
     * @param transport {@code --transport}, or {@code null} when not given
     * @throws IllegalArgumentException when {@code transport} is given for a strategy that is not netty, or
     *     contradicts the spec's own {@code /T}
     */
    static ClientStrategy parse(String spec, int defaultPoolSize, Transport transport) {
        Choice c = Choice.parse(spec);
        if (c.name().equals("netty") || c.name().startsWith("netty/")) {
            return netty(c, transport);
        }
        if (c.hasArg() && !c.name().equals("fixed") && !c.name().equals("nio") && !c.name().equals("process")) {
            throw new IllegalArgumentException("strategy '" + c.name() + "' takes no argument (only fixed:N, nio:N, "
                    + "netty:N and process:K/S do)");
        }
        if (transport != null && !c.name().equals("process")) {
            throw new IllegalArgumentException("--transport " + transport + " is for the netty strategy only, not '"
                    + spec.strip() + "'");
        }
        return switch (c.name()) {
            case "platform" -> new PlatformThreads();
            case "fixed" -> new FixedPool(c.positiveArg(defaultPoolSize, () -> notPositive(c)));
            case "cached" -> new CachedPool();
            case "virtual" -> new VirtualThreads();
            case "nio" -> new EventLoops(c.positiveArg(1, () -> notPositive(c)));
            case "process" -> processes(c, defaultPoolSize, transport);
            default -> throw new IllegalArgumentException(
                    "unknown strategy '" + spec + "' (choose one of " + String.join(", ", NAMES) + ")");
        };
    }

    /** {@code netty[:N][/T]}: the transport from {@code /T}, else {@code transport}, else the best one here. */
    private static ClientStrategy netty(Choice c, Transport transport) {
        String s = c.spec().strip().toLowerCase(Locale.ROOT);
        int slash = s.indexOf('/');
        String head = slash < 0 ? s : s.substring(0, slash);
        Transport t = transport;
        if (slash >= 0) {
            String written = s.substring(slash + 1);
            try {
                t = Transport.parse(written);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + c.spec().strip() + "': " + e.getMessage(), e);
            }
            if (transport != null && transport != t) {
                throw new IllegalArgumentException("--transport " + transport + " contradicts '" + c.spec().strip()
                        + "' (give the transport once)");
            }
        }
        Choice loops = Choice.parse(head);
        if (!loops.name().equals("netty")) {
            throw new IllegalArgumentException("'" + c.spec().strip() + "': write netty[:N][/T], e.g. netty:2/epoll");
        }
        int n = loops.positiveArg(1, () -> "'" + c.spec().strip() + "': '" + loops.arg()
                + "' must be a whole number ≥ 1");
        return new NettyLoops(n, t != null ? t : timelab.netty.EventLoops.best());
    }

    private static ClientStrategy processes(Choice c, int defaultPoolSize, Transport transport) {
        if (!c.hasArg()) {
            if (transport != null) {
                throw new IllegalArgumentException("--transport " + transport + " is for the netty strategy only, "
                        + "not '" + c.spec().strip() + "'");
            }
            return new ChildProcesses(0, new PlatformThreads());
        }
        int slash = c.arg().indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + c.spec() + "': write process:K/S, e.g. process:4/virtual");
        }
        ClientStrategy inner = parse(c.arg().substring(slash + 1), defaultPoolSize, transport);
        if (inner instanceof ChildProcesses) {
            throw new IllegalArgumentException("'" + c.spec() + "': a child JVM cannot spawn child JVMs itself");
        }
        String jvms = c.arg().substring(0, slash);
        return new ChildProcesses(Checks.positive(jvms, () -> "'" + c.spec() + "': '" + jvms
                + "' must be a whole number ≥ 1"), inner);
    }

    private static String notPositive(Choice c) {
        return "'" + c.spec() + "': '" + c.arg() + "' must be a whole number ≥ 1";
    }
}
