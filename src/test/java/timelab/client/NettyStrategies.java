package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import timelab.netty.NettyLeaks;
import timelab.netty.Transport;

/** The {@code netty} client strategy on each transport (all three load on this machine: none is skipped). */
final class NettyStrategies {

    private NettyStrategies() {}

    /** {@code netty:1/io_uring}, {@code netty:1/epoll}, {@code netty:1/nio}. */
    static Stream<ClientStrategy> each() {
        return Stream.of(Transport.values()).map(t -> new ClientStrategy.NettyLoops(1, t));
    }

    /** No client event loop thread alive, and no Netty buffer left unreleased. */
    static void assertNothingLeft() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName()
                        .startsWith("timelab-netty-client-")));
        NettyLeaks.assertNone();
    }
}
