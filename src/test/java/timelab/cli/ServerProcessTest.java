package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import timelab.ChildJvm;
import timelab.LineClient;

/** {@code timelab server} as a user runs it: a real JVM, real signals, a real open-file limit. */
class ServerProcessTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"platform", "fixed", "cached", "virtual", "nio", "single"})
    void servesUntilSigtermThenPrintsTheFinalStatusAndExitsZero(String model) throws Exception {
        try (ChildJvm server = ChildJvm.timelab("server", "--model", model, "--port", "0", "--bind", "127.0.0.1",
                "--log-each")) {
            int port = server.awaitServerPort();
            try (LineClient client = new LineClient(port)) {
                assertThat(client.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            server.awaitLine(l -> l.startsWith("connection 1 from 127.0.0.1:"), Duration.ofSeconds(10));
            server.awaitLine(l -> l.startsWith("status model="), Duration.ofSeconds(10));
            assertThat(server.terminate(Duration.ofSeconds(20))).as(String.join("\n", server.lines())).isZero();
            assertThat(server.lines()).anyMatch(l -> l.startsWith("final status model=") && l.contains("requests=1 "));
        }
    }

    @Test
    void atTheOpenFileLimitTheAcceptLoopBacksOffAndRecovers() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        try (ChildJvm server = ChildJvm.timelabWithFdLimit(96, "server", "--model", "virtual", "--port", "0",
                "--bind", "127.0.0.1", "--max-connections", "1000", "--status-interval", "500ms")) {
            int port = server.awaitServerPort();
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 120; i++) { // more than the server has descriptors for
                    clients.add(new LineClient(port, Duration.ofMillis(200)));
                }
                server.awaitLine(l -> l.contains("accept failed") && l.contains("Too many open files"),
                        Duration.ofSeconds(10));
                long failuresBefore = acceptFailures(server);
                Thread.sleep(3_000);
                long perSecond = (acceptFailures(server) - failuresBefore) / 3;
                assertThat(perSecond).as("failed accepts per second while exhausted").isLessThanOrEqualTo(10);
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
            try (LineClient after = new LineClient(port, Duration.ofSeconds(10))) {
                assertThat(after.send("TIME\r\n").readLine()).startsWith("JAM ");
            }
            assertThat(server.process().isAlive()).isTrue();
        }
    }

    private static long acceptFailures(ChildJvm server) throws IOException {
        Pattern p = Pattern.compile("accept-failures=(\\d+)");
        long last = 0;
        for (String line : server.lines()) {
            Matcher m = p.matcher(line);
            if (line.startsWith("status ") && m.find()) {
                last = Long.parseLong(m.group(1));
            }
        }
        return last;
    }
}
