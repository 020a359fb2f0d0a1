package timelab.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import timelab.choice.Choice;

/**
 * How a server schedules its connections: the closed set of threading models. {@link TimeServer} switches on it in
 * exactly one place; adding a model breaks the build there until it is handled.
 *
 * <p>Every model shares one listener, one acceptor thread ({@code timelab-acceptor}) and one protocol
 * implementation; they differ only in which thread runs a connection once it is accepted.
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

    /** Reads a model back from its {@link #label()} (JSON): a label always names a fixed pool's size. */
    @JsonCreator
    static ServerModel ofLabel(String label) {
        return parse(label, 1);
    }

    /** The model names accepted by {@link #parse}. */
    List<String> NAMES = List.of("platform", "fixed", "cached", "virtual", "nio", "single");

    /**
     * Parses {@code platform|fixed[:N]|cached|virtual|nio|single}: the one place a model's name is read.
     *
     * @param defaultPoolSize the pool size of {@code fixed} when none is given
     * @throws IllegalArgumentException naming the choices
     */
    static ServerModel parse(String spec, int defaultPoolSize) {
        Choice c = Choice.parse(spec);
        if (c.hasArg() && !c.name().equals("fixed")) {
            throw new IllegalArgumentException("model '" + c.name() + "' takes no argument (only fixed:N does)");
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

    /** Every model, {@code fixed} with the given pool size: what tests and the matrix iterate over. */
    static List<ServerModel> all(int poolSize) {
        return List.of(new Platform(), new FixedPool(poolSize), new CachedPool(), new Virtual(), new EventLoop(),
                new Single());
    }
}
