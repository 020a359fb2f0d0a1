package timelab.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventLoopsTest {

    /** On Linux x86_64 with io_uring enabled (this project's CI) every transport must start as itself. */
    static boolean everyTransportLoadsHere() {
        return System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachTransportStartsNamedLoopsThatEndOnStop(Transport t) {
        org.junit.jupiter.api.Assumptions.assumeTrue(EventLoops.unavailable(t) == null,
                () -> t + " does not load here: " + EventLoops.unavailable(t));
        EventLoops loops = EventLoops.start(t, 2, "test");
        try {
            assertThat(loops.transport()).isEqualTo(t);
            assertThat(loops.fallback()).isNull();
            assertThat(loops.describe()).isEqualTo(t.label());
            loops.group().submit(() -> { }).syncUninterruptibly();
            assertThat(threadNames()).anyMatch(n -> n.startsWith("timelab-netty-test-"));
        } finally {
            assertThat(loops.stop(5_000)).isTrue();
        }
        assertThat(threadNames()).noneMatch(n -> n.startsWith("timelab-netty-test-"));
    }

    @Test
    void everyTransportLoadsOnLinuxX8664() {
        org.junit.jupiter.api.Assumptions.assumeTrue(everyTransportLoadsHere(), "not Linux x86_64");
        for (Transport t : Transport.values()) {
            assertThat(EventLoops.unavailable(t)).as(t.label()).isNull();
        }
        assertThat(EventLoops.best()).isEqualTo(Transport.IO_URING);
    }

    @Test
    void transportNamesReadBackAndABadOneNamesTheChoices() {
        for (Transport t : Transport.values()) {
            assertThat(Transport.parse(t.label())).isEqualTo(t);
        }
        assertThat(Transport.parse("io-uring")).isEqualTo(Transport.IO_URING);
        assertThatThrownBy(() -> Transport.parse("kqueue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown transport 'kqueue' (choose one of io_uring, epoll, nio)");
    }

    @Test
    void theFallbackOrderEndsAtNio() {
        assertThat(Transport.IO_URING.fallback()).isEqualTo(Transport.EPOLL);
        assertThat(Transport.EPOLL.fallback()).isEqualTo(Transport.NIO);
        assertThat(Transport.NIO.fallback()).isNull();
    }

    @Test
    void theLeakCheckFailsOnABufferNeverReleased() {
        NettyLeaks.assertNone();
        leakOne();
        org.assertj.core.api.Assertions.assertThatThrownBy(NettyLeaks::assertNone).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ByteBuf leaked");
        NettyLeaks.assertNone(); // reported once, then cleared
    }

    private static void leakOne() {
        io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(16).writeInt(1);
    }

    @Test
    void zeroLoopsIsRefused() {
        assertThatThrownBy(() -> EventLoops.start(Transport.NIO, 0, "test"))
                .hasMessage("netty needs at least 1 event loop, was 0");
    }

    private static java.util.List<String> threadNames() {
        Thread[] all = new Thread[Thread.activeCount() + 16];
        int n = Thread.enumerate(all);
        return Arrays.stream(all, 0, n).map(Thread::getName).toList();
    }
}
