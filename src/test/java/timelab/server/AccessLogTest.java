package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.AccessLogFile;
import timelab.CharCountOracle;
import timelab.LineClient;
import timelab.protocol.Request;
import timelab.service.Reply;
import timelab.service.ServiceKind;

/**
 * The access log on every model (docs/reference/access-log.md): real servers on port 0, real sockets on loopback, the
 * log read back strictly ({@link AccessLogFile}: a torn or interleaved line fails the test).
 */
class AccessLogTest {

    @RegisterExtension
    final Servers servers = new Servers();
    @TempDir
    Path dir;

    /** Charcount with an access log; the single model gets a backlog that holds every waiting client. */
    private ServerOptions charcount(ServerModel model, Path log, int clients) {
        return ServerOptions.loopback(model).withService(ServiceKind.CHARCOUNT).withBacklog(clients + 16)
                .withAccessLog(AccessLogOptions.of(log));
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void everyReplyHasExactlyOneCompleteLogLine(ServerModel model) throws Exception {
        everyReplyIsLoggedOnceUnderLoad(model, 50, 200);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aHundredThousandRequestsOverTwoHundredConnectionsLoseNoLineAndTearNone(ServerModel model)
            throws Exception {
        everyReplyIsLoggedOnceUnderLoad(model, 200, 500);
    }

    private void everyReplyIsLoggedOnceUnderLoad(ServerModel model, int connections, int perConnection)
            throws Exception {
        Path log = dir.resolve("requests.log");
        TimeServer server = servers.start(charcount(model, log, connections), ServerObserver.NONE);
        long started = System.nanoTime();
        List<Received> received = load(server.port(), connections, perConnection, "m");
        long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        long beforeClose = System.nanoTime();
        server.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beforeClose);
        AccessLogFile file = AccessLogFile.read(log);
        long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("access log, %s: %d requests over %d connections, %d lines; load %d ms, close %d ms, "
                        + "with read-back %d ms%n", model.label(), received.size(), connections, file.size(),
                loadMillis, closeMillis, totalMillis);

        assertThat(received).hasSize(connections * perConnection);
        assertThat(file.size()).isEqualTo(received.size()).isEqualTo(server.stats().requests());
        assertThat(server.accessLogStats().orElseThrow().written()).isEqualTo(file.size());
        Map<String, AccessLogFile.Line> byKey = new HashMap<>();
        for (AccessLogFile.Line line : file.lines()) {
            assertThat(line.model()).isEqualTo(model.label());
            AccessLogFile.Line twice = byKey.put(line.port() + " " + line.requestText(), line);
            assertThat(twice).as("logged twice: %s", line.requestText()).isNull();
        }
        for (Received r : received) {
            AccessLogFile.Line line = byKey.get(r.port() + " " + r.message());
            assertThat(line).as("no log line for %s from port %d", r.message(), r.port()).isNotNull();
            assertThat(line.reply()).isEqualTo(r.reply());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void timeUnknownCommandsAndLinesTooLongAreLoggedWithTheirReplies(ServerModel model) throws Exception {
        Path log = dir.resolve("time.log");
        TimeServer server = servers.start(ServerOptions.loopback(model).withBacklog(32)
                .withLimits(32, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10))
                .withAccessLog(AccessLogOptions.of(log)), ServerObserver.NONE);
        int clients = 5;
        List<Integer> ports = new ArrayList<>();
        List<List<String>> replies = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            try (LineClient client = new LineClient(server.port())) {
                client.send("TIME\r\nhello-" + i + "\r\n\r\ntime\n" + "x".repeat(40));
                replies.add(List.of(client.readLine(), client.readLine(), client.readLine(), client.readLine()));
                assertThat(client.readLine()).isNull();
                ports.add(client.socket().getLocalPort());
            }
        }
        server.close();
        AccessLogFile file = AccessLogFile.read(log);
        assertThat(file.size()).isEqualTo(4 * clients).isEqualTo(server.stats().requests());
        for (int i = 0; i < clients; i++) {
            int port = ports.get(i);
            List<AccessLogFile.Line> lines = file.lines().stream().filter(l -> l.port() == port).toList();
            assertThat(replies.get(i).get(0)).startsWith("JAM ");
            assertThat(replies.get(i).subList(1, 4)).isEqualTo(List.of("ERROR unknown command",
                    replies.get(i).get(2), "ERROR line too long"));
            assertThat(lines).extracting(AccessLogFile.Line::reply).containsExactlyElementsOf(replies.get(i));
            assertThat(lines).extracting(AccessLogFile.Line::escaped)
                    .containsExactly("TIME", "hello-" + i, "time", "x".repeat(32) + "\\...");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aRequestCannotInjectLinesOrFieldsIntoTheLog(ServerModel model) throws Exception {
        Path log = dir.resolve("injection.log");
        TimeServer server = servers.start(charcount(model, log, 1), ServerObserver.NONE);
        byte[] payload = concat(
                "a\tb\r\n",
                "x\t127.0.0.1:1\tJAM 00:00:00\tvirtual\r\n",
                "nul\u0000byte\r\n",
                "bell\u0007\u001b[31mred\r\n",
                "cr\rin the middle\r\n",
                "nel\u0085next and ls\u2028sep\r\n",
                "back\\slash\\x41\\t\r\n",
                "first\n2025-01-01T00:00:00.000Z\t6.6.6.6:6\tTIME\tJAM 00:00:00\tvirtual\r\n");
        byte[] malformed = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\r', '\n'};
        List<byte[]> framed = frame(concat(payload, malformed));
        int port;
        try (LineClient client = new LineClient(server.port())) {
            client.send(payload).send(malformed).send("QUIT\r\n");
            for (int i = 0; i < framed.size(); i++) {
                assertThat(client.readLine()).matches("\\d+ (sí|no)");
            }
            assertThat(client.readLine()).isNull();
            port = client.socket().getLocalPort();
        }
        server.close();
        AccessLogFile file = AccessLogFile.read(log); // five fields per line, no control character, valid UTF-8
        assertThat(file.size()).isEqualTo(framed.size()).isEqualTo(10).isEqualTo(server.stats().requests());
        for (int i = 0; i < framed.size(); i++) {
            AccessLogFile.Line line = file.lines().get(i);
            assertThat(line.remote()).isEqualTo("127.0.0.1:" + port);
            assertThat(line.request()).as(line.escaped()).isEqualTo(framed.get(i));
        }
        assertThat(file.lines().get(9).escaped()).isEqualTo("bad\\xff\\xfe\\xc3");
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aLogThatCannotBeWrittenStopsTheServerInsteadOfServingUnlogged(ServerModel model) throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        List<String> failures = new CopyOnWriteArrayList<>();
        ServerObserver listener = new ServerObserver() {
            @Override
            public void failed(String message) {
                failures.add(message);
            }
        };
        TimeServer server = servers.start(charcount(model, full, 1), listener);
        int port = server.port();
        try (LineClient client = new LineClient(port)) {
            client.send("abc\r\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> !failures.isEmpty());
            assertThat(failures).singleElement().asString().contains("/dev/full")
                    .contains("No space left on device").contains("stopped serving");
            // everysec: the one reply may have left before the write failed; then the connection is closed
            String first = readOrClosed(client);
            if (first != null) {
                assertThat(first).isEqualTo("1 no");
                assertThat(readOrClosed(client)).isNull();
            }
        }
        assertThatThrownBy(() -> new LineClient(port).close()).isInstanceOf(ConnectException.class);
        await().until(() -> server.stats().active() == 0);
        server.close();
        AccessLogStats stats = server.accessLogStats().orElseThrow();
        assertThat(stats.failure()).isEqualTo("No space left on device");
        assertThat(stats.written()).isZero();
        assertThat(stats.lost()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void withFsyncAlwaysNoReplyLeavesBeforeItsLineIsWritten(ServerModel model) throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        TimeServer server = servers.start(charcount(model, full, 1).withAccessLog(
                AccessLogOptions.of(full).withFsync(AccessLogOptions.Fsync.ALWAYS)), ServerObserver.NONE);
        try (LineClient client = new LineClient(server.port())) {
            client.send("abc\r\nabc\r\n");
            assertThat(readOrClosed(client)).isNull(); // the write failed, so neither reply was sent
        }
        await().until(() -> server.stats().active() == 0);
        assertThat(server.stats().requests()).isLessThanOrEqualTo(2);
        server.close();
        assertThat(server.accessLogStats().orElseThrow().written()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void withFsyncAlwaysALineIsInTheFileWhenItsReplyArrives(ServerModel model) throws Exception {
        Path log = dir.resolve("always.log");
        TimeServer server = servers.start(charcount(model, log, 1).withAccessLog(
                AccessLogOptions.of(log).withFsync(AccessLogOptions.Fsync.ALWAYS)), ServerObserver.NONE);
        try (LineClient client = new LineClient(server.port())) {
            for (int i = 0; i < 50; i++) {
                client.send("always-" + i + "\r\n");
                assertThat(client.readLine()).matches("\\d+ (sí|no)");
                String tail = lastLine(log); // read at once: no waiting for the writer
                assertThat(tail).contains("\talways-" + i + "\t");
            }
        }
    }

    @Test
    void aFullQueueMakesRequestsWaitWithAWarningAndDropsNothing() throws Exception {
        Path fifo = dir.resolve("slow.log");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        List<String> problems = new CopyOnWriteArrayList<>();
        ServerObserver listener = new ServerObserver() {
            @Override
            public void problem(String message) {
                problems.add(message);
            }
        };
        // a FIFO nobody reads yet stands for a stalled disk: its pipe buffer (64 KiB) fills, then writes block
        ByteArrayOutputStream drained = new ByteArrayOutputStream();
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().name("fifo-reader").start(() -> {
            try (InputStream in = Files.newInputStream(fifo)) { // blocks until the server opens the FIFO
                release.await();
                in.transferTo(drained);
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        int requests = 3_000;
        TimeServer server = servers.start(ServerOptions.loopback(new ServerModel.Virtual())
                .withService(ServiceKind.CHARCOUNT).withAccessLog(AccessLogOptions.of(fifo).withQueueCapacity(8)),
                listener);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                sb.append("queued-").append(i).append("-").append("y".repeat(40)).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> problems.stream().anyMatch(p -> p.contains("access log is backed up")));
            assertThat(server.stats().requests()).isLessThan(requests); // the producer waits instead
            release.countDown();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < requests; i++) {
                assertThat(readLine(in)).isEqualTo("40 no");
            }
            sender.join();
        }
        server.close();
        reader.join(30_000);
        Path copy = dir.resolve("drained.log");
        Files.write(copy, drained.toByteArray());
        AccessLogFile file = AccessLogFile.read(copy);
        assertThat(file.size()).isEqualTo(requests).isEqualTo(server.stats().requests());
        for (int i = 0; i < requests; i++) {
            assertThat(file.lines().get(i).requestText()).startsWith("queued-" + i + "-");
        }
    }

    @Test
    void closingALogWhoseWritesFailNeverHangsAndCountsEveryLineWrittenOrLost() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        Connection c = new Connection(SocketChannel.open(), "virtual");
        try {
            // races the failing write against close(): CLOSE may come in the batch whose write fails, or after it
            for (int round = 0; round < 200; round++) {
                AccessLog log = AccessLog.open(AccessLogOptions.of(full), ZoneOffset.UTC, InstantSource.system(),
                        () -> { }, e -> { });
                RequestLog requests = log.forConnection(c);
                int recorded = 0;
                try {
                    for (int i = 0; i < 20; i++) {
                        requests.answered(new Request.Text(new byte[] {'a'}), Reply.of("1 no"));
                        recorded++;
                    }
                } catch (IOException e) {
                    // the log failed meanwhile: the rest is refused
                }
                assertTimeoutPreemptively(Duration.ofSeconds(10), log::close);
                AccessLogStats stats = log.stats();
                assertThat(stats.failure()).isEqualTo("No space left on device");
                assertThat(stats.written()).isZero();
                assertThat(stats.lost()).as("round %d", round).isGreaterThanOrEqualTo(recorded);
            }
        } finally {
            c.closeChannel();
        }
        assertThat(ServerBehaviourTest.liveThreads(AccessLog.THREAD_NAME)).isZero();
    }

    @Test
    void aLogThatCannotBeOpenedIsAnErrorAtStartSayingWhy() {
        assertThatThrownBy(() -> servers.start(charcount(new ServerModel.Virtual(), dir, 1), ServerObserver.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot open the access log " + dir + ": Is a directory");
        assertThat(ServerBehaviourTest.liveThreads(AccessLog.THREAD_NAME)).isZero();
    }

    @Test
    void closingDrainsForcesAndStopsTheWriterThread() throws Exception {
        Path log = dir.resolve("close.log");
        TimeServer server = servers.start(charcount(new ServerModel.Platform(), log, 1), ServerObserver.NONE);
        try (LineClient client = new LineClient(server.port())) {
            client.send("one\r\ntwo\r\n");
            client.readLine();
            client.readLine();
        }
        assertThat(ServerBehaviourTest.liveThreads(AccessLog.THREAD_NAME)).isEqualTo(1);
        server.close();
        assertThat(ServerBehaviourTest.liveThreads(AccessLog.THREAD_NAME)).isZero();
        assertThat(AccessLogFile.read(log).size()).isEqualTo(2);
        // appends: a restarted server keeps what the last one wrote
        TimeServer again = servers.start(charcount(new ServerModel.Platform(), log, 1), ServerObserver.NONE);
        try (LineClient client = new LineClient(again.port())) {
            client.send("three\r\n").readLine();
        }
        again.close();
        assertThat(AccessLogFile.read(log).lines()).extracting(AccessLogFile.Line::requestText)
                .containsExactly("one", "two", "three");
    }

    // ---- a small load generator: unique messages, pipelined in chunks, every reply checked ----

    /** A reply a client received: its connection's local port, the message it sent and the reply. */
    record Received(int port, String message, String reply) {}

    static List<Received> load(int port, int connections, int perConnection, String tag) throws Exception {
        List<Received> all = new ArrayList<>(connections * perConnection);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Received>>> futures = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int id = c;
                futures.add(clients.submit(() -> client(port, id, perConnection, tag)));
            }
            for (Future<List<Received>> f : futures) {
                all.addAll(f.get(3, TimeUnit.MINUTES));
            }
        }
        return all;
    }

    private static List<Received> client(int port, int id, int requests, String tag) throws IOException {
        int chunk = 20; // ≤ 512 bytes: one server read, one reply write per chunk (no Nagle wait in between)
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
            OutputStream out = socket.getOutputStream();
            List<Received> got = new ArrayList<>(requests);
            for (int i = 0; i < requests; i += chunk) {
                List<String> messages = new ArrayList<>();
                StringBuilder sb = new StringBuilder();
                for (int j = i; j < Math.min(requests, i + chunk); j++) {
                    String m = tag + id + "r" + j + "ñ" + "a".repeat(j % 7);
                    messages.add(m);
                    sb.append(m).append("\r\n");
                }
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                for (String m : messages) {
                    String reply = readLine(in);
                    assertThat(reply).as(m).isEqualTo(CharCountOracle.reply(m));
                    got.add(new Received(socket.getLocalPort(), m, reply));
                }
            }
            return got;
        }
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(16);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1) {
            throw new IOException("end of stream after " + line);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** The next line, or {@code null} when the server closed the connection (end of stream or a reset). */
    private static String readOrClosed(LineClient client) throws IOException {
        try {
            return client.readLine();
        } catch (java.net.SocketException e) {
            return null;
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static byte[] concat(String... parts) {
        return concat(String.join("", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The lines a server frames from {@code bytes}: split at LF, one CR before it dropped. */
    private static List<byte[]> frame(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(bytes, start, end));
                start = i + 1;
            }
        }
        return lines;
    }
}
