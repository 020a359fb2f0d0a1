package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.AccessLogFile;
import timelab.CharCountOracle;
import timelab.LineClient;
import timelab.service.ServiceKind;

/** {@code --service charcount} end to end on every model (docs/reference/protocol.md, "The charcount service"). */
class CharCountServerTest {

    @RegisterExtension
    final Servers servers = new Servers();
    @TempDir
    Path dir;

    private TimeServer start(ServerOptions options) throws IOException {
        return servers.start(options.withService(ServiceKind.CHARCOUNT));
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void answersEveryLineWithTheCountOfItsLastCharacterAndWhetherItIsPrime(ServerModel model) throws IOException {
        TimeServer server = start(ServerOptions.loopback(model));
        try (LineClient client = new LineClient(server.port())) {
            client.send("abc2a\r\nhello\n\r\nñañaña\r\n𝄞🄞\r\n  aa  \r\nTIME\r\nabc1a\r\n");
            assertThat(List.of(client.readLine(), client.readLine(), client.readLine(), client.readLine(),
                    client.readLine(), client.readLine(), client.readLine()))
                    .containsExactly("2 sí", "1 no", "3 sí", "1 no", "2 sí", "1 no", "2 sí");
            client.send(new byte[] {'x', (byte) 0xff, (byte) 0xfe, '\r', '\n'}); // malformed: two U+FFFD
            assertThat(client.readLine()).isEqualTo("2 sí");
            client.send("quit\r\nabc2a\r\n");
            assertThat(client.readLine()).isNull();
        }
        await().until(() -> server.stats().closed().get(CloseReason.QUIT) == 1);
        assertThat(server.stats().requests()).isEqualTo(8);
        assertThat(server.stats().errorReplies()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void aVeryLongLineIsCountedInFullUpToTheLimitAndRefusedBeyondIt(ServerModel model) throws IOException {
        int limit = 1 << 20;
        TimeServer server = start(ServerOptions.loopback(model).withLimits(limit, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30)));
        try (LineClient client = new LineClient(server.port(), Duration.ofSeconds(30))) {
            client.send("a".repeat(999_983) + "\r\n");
            assertThat(client.readLine()).isEqualTo("999983 sí");
            client.send("b".repeat(limit) + "\n");
            assertThat(client.readLine()).isEqualTo(limit + " no");
            client.send("c".repeat(limit + 1));
            assertThat(client.readLine()).isEqualTo("ERROR line too long");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void theCourseworkServerLogsEveryRequestWithItsCountAndVerdict(ServerModel model) throws Exception {
        Path log = dir.resolve("requests.log");
        TimeServer server = start(ServerOptions.loopback(model).withBacklog(64)
                .withAccessLog(AccessLogOptions.of(log)));
        List<String> sent = new ArrayList<>();
        for (int n = 1; n <= 12; n++) { // the template: abc{n}a, n = client number
            try (LineClient client = new LineClient(server.port())) {
                String message = "abc" + n + "a" + "a".repeat(n % 4);
                assertThat(client.send(message + "\r\n").readLine()).isEqualTo(CharCountOracle.reply(message));
                sent.add(message);
            }
        }
        server.close();
        AccessLogFile file = AccessLogFile.read(log);
        assertThat(file.lines()).extracting(AccessLogFile.Line::requestText).containsExactlyElementsOf(sent);
        assertThat(file.lines()).allSatisfy(l -> {
            assertThat(l.reply()).isEqualTo(CharCountOracle.reply(l.requestText()));
            assertThat(l.remote()).startsWith("127.0.0.1:");
            assertThat(l.model()).isEqualTo(model.label());
        });
    }
}
