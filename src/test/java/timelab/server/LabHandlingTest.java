package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.AccessLogFile;
import timelab.LineClient;
import timelab.protocol.ChunkFramer;
import timelab.protocol.Framing;
import timelab.protocol.TimeReply;
import timelab.service.ServiceKind;
import timelab.work.Work;

/**
 * The coursework's servers by flags, on every model (docs/guides/coursework.md): {@code --framing chunk}, {@code
 * --service echo}
 * and {@code greet} with {@code --reply}, {@code --one-request}, and the limits that still hold with them.
 */
class LabHandlingTest {

    @RegisterExtension
    final Servers servers = new Servers();
    @TempDir
    Path dir;

    private TimeServer start(ServerModel model, ServiceKind service, Framing framing, String reply,
            boolean oneRequest) throws IOException {
        return start(ServerOptions.loopback(model), service, framing, reply, oneRequest);
    }

    private TimeServer start(ServerOptions options, ServiceKind service, Framing framing, String reply,
            boolean oneRequest) throws IOException {
        return servers.start(options.withService(service).withHandling(new Handling(Work.NONE,
                Handling.DEFAULT.backendTimeout(), framing, reply, oneRequest)));
    }

    private static String read(LineClient client, int n) throws IOException {
        return new String(client.readBytes(n), StandardCharsets.UTF_8);
    }

    private static String readToEnd(LineClient client) throws IOException {
        return new String(client.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void awaitClosed(TimeServer server, CloseReason reason) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().closed().getOrDefault(reason, 0L) == 1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void chunkFramingAnswersEachReadThatHasNoNewlineWithTheTemplateAndNothingAfterIt(ServerModel model)
            throws IOException {
        TimeServer server = start(model, ServiceKind.ECHO, Framing.CHUNK, "Processado: {msg}", false);
        try (LineClient client = new LineClient(server.port())) {
            String first = "Processado: Tarefa do Cliente 1";
            assertThat(read(client.send("Tarefa do Cliente 1"), first.length())).isEqualTo(first);
            String second = "Processado: TIME";
            assertThat(read(client.send("TIME\r\n"), second.length())).isEqualTo(second);
            client.shutdownOutput();
            assertThat(readToEnd(client)).isEmpty();
        }
        awaitClosed(server, CloseReason.PEER_CLOSED);
        assertThat(server.stats().requests()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void echoWithLineFramingAnswersEachLineWithTheTemplateEndingInCrLf(ServerModel model) throws IOException {
        TimeServer server = start(model, ServiceKind.ECHO, Framing.LINE, "Processado: {msg}", false);
        try (LineClient client = new LineClient(server.port())) {
            client.send("a\r\nb c\n\r\n");
            assertThat(List.of(client.readLine(), client.readLine())).containsExactly("Processado: a",
                    "Processado: b c");
            client.send("QUIT\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
        awaitClosed(server, CloseReason.QUIT);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void greetSpeaksFirstWithoutARequestThenClosesAndTheAccessLogShowsNothingRead(ServerModel model)
            throws IOException {
        Path log = dir.resolve("access.log");
        TimeServer server = start(ServerOptions.loopback(model).withAccessLog(AccessLogOptions.of(log)),
                ServiceKind.GREET, Framing.CHUNK, "Atendido com sucesso.", false);
        try (LineClient client = new LineClient(server.port())) {
            assertThat(readToEnd(client)).isEqualTo("Atendido com sucesso.");
        }
        awaitClosed(server, CloseReason.ONE_REQUEST);
        assertThat(server.stats().requests()).isEqualTo(1);
        server.close();
        assertThat(AccessLogFile.read(log).lines()).singleElement().satisfies(line -> {
            assertThat(line.request()).isEmpty();
            assertThat(line.reply()).isEqualTo("Atendido com sucesso.");
        });
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void greetSpeaksOnlyAfterItsWork(ServerModel model) throws IOException {
        TimeServer server = servers.start(ServerOptions.loopback(model).withService(ServiceKind.GREET).withHandling(
                new Handling(Work.parse("delay:300ms"), Handling.DEFAULT.backendTimeout(), Framing.CHUNK, "hi",
                        false)));
        long start = System.nanoTime();
        try (LineClient client = new LineClient(server.port())) {
            assertThat(readToEnd(client)).isEqualTo("hi");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        awaitClosed(server, CloseReason.ONE_REQUEST);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void greetWithoutAReplyTemplateSpeaksTheTimeReply(ServerModel model) throws IOException {
        TimeServer server = start(model, ServiceKind.GREET, Framing.LINE, null, false);
        try (LineClient client = new LineClient(server.port())) {
            byte[] reply = client.socket().getInputStream().readAllBytes();
            assertThat(TimeReply.isValid(reply)).as(new String(reply, StandardCharsets.UTF_8)).isTrue();
        }
        awaitClosed(server, CloseReason.ONE_REQUEST);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void oneRequestClosesTheConnectionAfterItsFirstReply(ServerModel model) throws IOException {
        TimeServer server = start(model, ServiceKind.TIME, Framing.LINE, null, true);
        try (LineClient client = new LineClient(server.port())) {
            assertThat(client.send("TIME\r\nTIME\r\n").readLine()).startsWith("JAM ");
            assertThat(client.isClosedByServer()).isTrue();
        }
        awaitClosed(server, CloseReason.ONE_REQUEST);
        assertThat(server.stats().requests()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void oneRequestWithChunksIsTheCourseworksBlockingServerReply(ServerModel model) throws IOException {
        TimeServer server = start(model, ServiceKind.ECHO, Framing.CHUNK, "Processado (com atraso): {msg}", true);
        try (LineClient client = new LineClient(server.port())) {
            assertThat(readToEnd(client.send("Tarefa do Cliente 7")))
                    .isEqualTo("Processado (com atraso): Tarefa do Cliente 7");
        }
        awaitClosed(server, CloseReason.ONE_REQUEST);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aChunkOverTheLimitIsAnsweredIn1024BytePiecesAndNothingIsBufferedBeyondThem(ServerModel model)
            throws IOException {
        TimeServer server = start(model, ServiceKind.ECHO, Framing.CHUNK, "[{msg}]", false);
        int sent = 2 * ChunkFramer.MAX + 452;
        String all;
        try (LineClient client = new LineClient(server.port())) {
            client.send("x".repeat(sent)).shutdownOutput();
            all = readToEnd(client);
        }
        assertThat(all).matches("(\\[x+])+");
        List<Integer> pieces = new ArrayList<>();
        Matcher m = Pattern.compile("\\[(x+)]").matcher(all);
        while (m.find()) {
            pieces.add(m.group(1).length());
        }
        assertThat(pieces).hasSizeGreaterThanOrEqualTo(3).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(
                ChunkFramer.MAX));
        assertThat(pieces.stream().mapToInt(Integer::intValue).sum()).isEqualTo(sent);
        awaitClosed(server, CloseReason.PEER_CLOSED);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aSilentConnectionWithChunkFramingIsClosedAtTheIdleTimeoutWithoutAReply(ServerModel model)
            throws IOException {
        TimeServer server = start(ServerOptions.loopback(model).withIdleTimeout(Duration.ofMillis(300)),
                ServiceKind.ECHO, Framing.CHUNK, null, true);
        try (LineClient client = new LineClient(server.port())) {
            assertThat(readToEnd(client)).isEmpty();
        }
        awaitClosed(server, CloseReason.IDLE_TIMEOUT);
        assertThat(server.stats().requests()).isZero();
    }
}
