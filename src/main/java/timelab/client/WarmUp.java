package timelab.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import timelab.protocol.LineFramer;

/**
 * Makes the client's own code hot before a run: {@code connections} connections of the run's strategy and exchange
 * against a private responder on 127.0.0.1, port 0, inside this JVM — never against the server under test.
 *
 * <p>Why: a fresh JVM runs its first thousand connections interpreted. In a 1,000-client run that is most of the run
 * (0.7 s instead of 0.2 s here, docs/explanation/profiles.md), and the client's slowness would be reported as the
 * server's clients/s and latency. Load tools written in C have no such start; a JVM tool has to warm itself up, and
 * must not do it on the server it measures. Nothing of the warm-up is counted: it has its own tally and no observer,
 * its threads are gone before the run starts (the run's peak thread count is reset after it), and the responder is
 * closed.
 *
 * <p>The responder ({@code timelab-client-warm-up}, one selector thread) answers every line with a right reply for
 * the exchange ({@link ReplyCheck#rightReply}) and closes after the exchange's quit line, so the warm-up runs the
 * success path, the one a run spends its time on.
 */
final class WarmUp {

    /** Requests per warm-up connection at most: enough to compile the request loop, few enough to stay short. */
    static final int MAX_REQUESTS = 10;
    /** The responder's longest line: longer request lines are answered in pieces (a warm-up, not a check). */
    private static final int MAX_LINE = 64 * 1024;

    private WarmUp() {}

    /**
     * Warms up, unless {@code connections} is 0 or the clients run in child JVMs (each child is a fresh JVM; the
     * parent runs none of the client code).
     *
     * @return the warm-up's own result, or {@code null} when there was none
     */
    static ClientRun run(LoadPlan plan, ClientStrategy strategy, int connections) throws InterruptedException {
        if (connections <= 0 || strategy instanceof ClientStrategy.ChildProcesses) {
            return null;
        }
        ClientRun result;
        try (Responder responder = new Responder(ReplyCheck.of(plan.exchange()), plan.exchange().quit())) {
            LoadPlan warm = new LoadPlan("127.0.0.1", List.of(responder.port()), List.of(), connections,
                    Math.min(plan.requests(), MAX_REQUESTS), false, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO,
                    plan.connectTimeout(), plan.readTimeout(), plan.exchange(), plan.spawning());
            result = LoadGenerator.run(warm, strategy, ClientObserver.NONE, ChildEngines.NONE);
        }
        // the warm-up's platform threads end just after their last client: let them go before the run counts threads
        // (the JDK's own, e.g. virtual threads' carriers and pollers, stay: the run would start them as well)
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (clientThreadsAlive() && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        return result;
    }

    private static boolean clientThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("timelab-client-")
                && !t.getName().equals("timelab-client-dispatcher") || t.getName().equals("timelab-client-warm-up"));
    }

    /** Answers each line right, closes after the quit line or at the client's close. */
    private static final class Responder implements AutoCloseable {
        private final ReplyCheck check;
        private final String quit;
        private final ServerSocketChannel listener;
        private final Selector selector;
        private final ByteBuffer in = ByteBuffer.allocate(4096);
        private final Thread thread;
        private volatile boolean closing;

        Responder(ReplyCheck check, String quit) throws InterruptedException {
            this.check = check;
            this.quit = quit;
            try {
                listener = ServerSocketChannel.open();
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
                listener.configureBlocking(false);
                selector = Selector.open();
                listener.register(selector, SelectionKey.OP_ACCEPT);
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the warm-up responder on loopback: " + e.getMessage(), e);
            }
            thread = Thread.ofPlatform().name("timelab-client-warm-up").daemon().start(this::loop);
        }

        int port() {
            return listener.socket().getLocalPort();
        }

        private void loop() {
            try {
                while (!closing) {
                    selector.select(key -> {
                        try {
                            if (key.isAcceptable()) {
                                SocketChannel c = listener.accept();
                                if (c != null) {
                                    c.configureBlocking(false);
                                    c.register(selector, SelectionKey.OP_READ, LineFramer.splitting(MAX_LINE));
                                }
                            } else if (key.isReadable()) {
                                answer((SocketChannel) key.channel(), (LineFramer) key.attachment());
                            }
                        } catch (IOException e) {
                            close(key.channel());
                        }
                    }, 100);
                }
            } catch (IOException e) {
                // the responder is gone; the warm-up's clients fail and that is all
            } finally {
                for (SelectionKey key : selector.keys()) {
                    close(key.channel());
                }
                try {
                    selector.close();
                } catch (IOException e) {
                    // nothing left to release
                }
            }
        }

        private void answer(SocketChannel c, LineFramer framer) throws IOException {
            in.clear();
            if (c.read(in) < 0) {
                close(c);
                return;
            }
            in.flip();
            for (byte[] line; (line = framer.nextLine(in)) != null; ) {
                String request = new String(line, StandardCharsets.UTF_8).strip();
                if (!quit.isEmpty() && request.equalsIgnoreCase(quit)) {
                    close(c);
                    return;
                }
                c.write(ByteBuffer.wrap((check.rightReply(request) + "\r\n").getBytes(StandardCharsets.UTF_8)));
            }
        }

        private static void close(java.nio.channels.Channel c) {
            try {
                c.close();
            } catch (IOException e) {
                // closed either way
            }
        }

        @Override
        public void close() throws InterruptedException {
            closing = true;
            selector.wakeup();
            thread.join();
            close(listener);
        }
    }
}
