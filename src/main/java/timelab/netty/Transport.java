package timelab.netty;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Which of Netty's I/O transports carries the {@code netty} server model's or client strategy's connections, best
 * first: {@code io_uring} (Linux 5.14+: requests and completions through rings shared with the kernel, multishot
 * accept and receive, submissions batched into one system call), {@code epoll} (Linux: edge-triggered epoll through
 * JNI), {@code nio} (any JDK: {@link java.nio.channels.Selector}, level-triggered epoll on Linux, kqueue on macOS).
 * {@link EventLoops#start} falls back down this order, saying why, when one cannot start here.
 */
public enum Transport {
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    /** The names {@link #parse} accepts, best first. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Transport::label).toList();

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** The name used on the command line ({@code --transport}), in banners, reports and the JSON. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * Reads {@code io_uring|epoll|nio} ({@code io-uring} too).
     *
     * @throws IllegalArgumentException naming the choices
     */
    @JsonCreator
    public static Transport parse(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        for (Transport t : values()) {
            if (t.label.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + name + "' (choose one of "
                + String.join(", ", NAMES) + ")");
    }

    /** The transport tried after this one when it cannot start, or {@code null} after {@code nio}. */
    Transport fallback() {
        return this == NIO ? null : values()[ordinal() + 1];
    }

    @Override
    public String toString() {
        return label;
    }
}
