package timelab.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import timelab.choice.Choice;
import timelab.netty.EventLoops;
import timelab.netty.Transport;

/**
 * How a server schedules its connections: the closed set of threading models. {@link TimeServer} switches on it in
 * exactly one place; adding a model breaks the build there until it is handled.
 *
 * <p>Every model shares one protocol implementation. All but {@code netty} share one listener and one acceptor
 * thread ({@code timelab-acceptor}) and differ only in which thread runs a connection once it is accepted;
 * {@code netty} accepts on a listener of its own (Netty's epoll and io_uring channels cannot take over a JDK socket),
 * so a live switch to or from it is refused.
 */
public sealed interface ServerModel {

    /**
     * The name used on the command line, in status lines, logs and reports ({@code fixed:4}, {@code nio}, …); what
     * Jackson writes for a model. {@link #parse} reads it back.
     */
    @JsonValue
    String label();

    /** A new platform thread per connection (the coursework's {@code server_thread}). */
    record Platform() implements ServerModel {
        @Override
        public String label() {
            return "platform";
        }
    }

    /** A fixed pool of platform threads; connections beyond {@code threads} wait in the pool's queue. */
    record FixedPool(int threads) implements ServerModel {
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

    /** A cached pool: idle platform threads are reused, new ones are created without bound. */
    record CachedPool() implements ServerModel {
        @Override
        public String label() {
            return "cached";
        }
    }

    /** A new virtual thread per connection. */
    record Virtual() implements ServerModel {
        @Override
        public String label() {
            return "virtual";
        }
    }

    /**
     * The deliberately bottlenecked server: the acceptor thread itself serves one connection after another, so
     * while it serves, further connections wait in the kernel's accept queue (by default {@code --backlog 1}).
     */
    record Single() implements ServerModel {
        @Override
        public String label() {
            return "single";
        }
    }

    /** A selector event loop on one platform thread ({@code timelab-nio-loop}): no thread per connection. */
    record EventLoop() implements ServerModel {
        @Override
        public String label() {
            return "nio";
        }
    }

    /**
     * Netty 4.2's event loops ({@code timelab-netty-server-N}) on one {@link Transport}: the listener and every
     * connection on {@code loops} platform threads, no thread per connection. Its label is always the full
     * {@code netty:N/transport}, so reports and JSON name the transport that served.
     */
    record Netty(int loops, Transport transport) implements ServerModel {
        public Netty {
            if (loops < 1) {
                throw new IllegalArgumentException("netty needs at least 1 event loop, was " + loops);
            }
            Objects.requireNonNull(transport, "transport");
        }

        @Override
        public String label() {
            return "netty:" + loops + "/" + transport.label();
        }
    }

    /** Reads a model back from its {@link #label()} (JSON): a label always names a fixed pool's size. */
    @JsonCreator
    static ServerModel ofLabel(String label) {
        return parse(label, 1);
    }

    /** The model names accepted by {@link #parse}. */
    List<String> NAMES = List.of("platform", "fixed", "cached", "virtual", "nio", "single", "netty");

    /**
     * Parses {@code platform|fixed[:N]|cached|virtual|nio|single|netty[:N][/TRANSPORT]}: the one place a model's
     * name is read. {@code netty} without {@code :N} runs one loop per CPU, without {@code /TRANSPORT} on
     * {@link EventLoops#best()}.
     *
     * @param defaultPoolSize the pool size of {@code fixed} when none is given
     * @throws IllegalArgumentException naming the choices
     */
    static ServerModel parse(String spec, int defaultPoolSize) {
        return parse(spec, defaultPoolSize, null);
    }

    /**
     * {@link #parse(String, int)} with the command's {@code --transport}: the transport of a {@code netty} spec
     * that names none.
     *
     * @param transport the {@code --transport} given, or {@code null}
     * @throws IllegalArgumentException naming the choices; when {@code transport} is given for a model that is not
     *     {@code netty}, or differs from the one the spec names
     */
    static ServerModel parse(String spec, int defaultPoolSize, Transport transport) {
        int slash = spec.indexOf('/');
        Choice c = Choice.parse(slash < 0 ? spec : spec.substring(0, slash));
        if (c.name().equals("netty")) {
            return netty(spec, c, slash < 0 ? null : spec.substring(slash + 1), transport);
        }
        if (slash >= 0) {
            throw new IllegalArgumentException("model '" + c.name() + "' takes no /TRANSPORT (only netty does)");
        }
        if (transport != null) {
            throw new IllegalArgumentException("--transport applies to --model netty, not '" + spec.strip() + "'");
        }
        if (c.hasArg() && !c.name().equals("fixed")) {
            throw new IllegalArgumentException("model '" + c.name() + "' takes no argument (only fixed:N and "
                    + "netty:N do)");
        }
        return switch (c.name()) {
            case "platform" -> new Platform();
            case "fixed" -> new FixedPool(c.positiveArg(defaultPoolSize,
                    () -> "'" + spec + "': the pool size must be a whole number ≥ 1"));
            case "cached" -> new CachedPool();
            case "virtual" -> new Virtual();
            case "nio" -> new EventLoop();
            case "single" -> new Single();
            default -> throw new IllegalArgumentException(
                    "unknown model '" + spec + "' (choose one of " + String.join(", ", NAMES) + ")");
        };
    }

    private static Netty netty(String spec, Choice c, String named, Transport given) {
        int loops = c.positiveArg(Runtime.getRuntime().availableProcessors(),
                () -> "'" + spec + "': the number of event loops must be a whole number ≥ 1 (netty[:N][/TRANSPORT], "
                        + "TRANSPORT one of " + String.join(", ", Transport.NAMES) + ")");
        if (named == null) {
            return new Netty(loops, given != null ? given : EventLoops.best());
        }
        Transport t = Transport.parse(named);
        if (given != null && given != t) {
            throw new IllegalArgumentException("'" + spec + "' names transport " + t + " but --transport is "
                    + given + ": give one of them");
        }
        return new Netty(loops, t);
    }

    /**
     * Every model, {@code fixed} with the given pool size, and {@code netty} with one loop per CPU on the best
     * transport here: what the matrix iterates over.
     */
    static List<ServerModel> all(int poolSize) {
        return List.of(new Platform(), new FixedPool(poolSize), new CachedPool(), new Virtual(), new EventLoop(),
                new Single(), new Netty(Runtime.getRuntime().availableProcessors(), EventLoops.best()));
    }
}
