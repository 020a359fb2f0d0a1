package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import timelab.protocol.Framing;
import timelab.service.ServiceKind;
import timelab.work.Work;

/**
 * The coursework's two clients (their re-creations in {@code bench/lab}, run as they are by {@code python3}) against
 * a timelab server set up as the coursework's servers by flags (docs/guides/coursework.md), on every model: they see
 * the replies they saw against the Python originals; with work, the bottleneck's accept queue overflows and the
 * blocking server serves one client after another, as the originals did.
 */
class CourseworkClientsTest {

    private static final Path LAB = Path.of("bench", "lab");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final Servers servers = new Servers();
    @TempDir
    Path dir;

    @BeforeAll
    static void needsPython() throws InterruptedException {
        boolean found;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            found = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroyForcibly();
        } catch (IOException e) {
            found = false;
        }
        assumeTrue(found, "needs python3 on the PATH");
    }

    private TimeServer start(ServerModel model, ServiceKind service, String reply, boolean oneRequest)
            throws IOException {
        return start(ServerOptions.loopback(model).withBacklog(64), service, reply, oneRequest, Work.NONE);
    }

    private TimeServer start(ServerOptions options, ServiceKind service, String reply, boolean oneRequest, Work work)
            throws IOException {
        return servers.start(options.withService(service).withHandling(
                new Handling(work, Handling.DEFAULT.backendTimeout(), Framing.CHUNK, reply, oneRequest)));
    }

    /** The outcome and the seconds of each client's JSON line ({@code --json}), in client order. */
    private static List<Map<String, Object>> outcomes(List<String> jsonLines) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String line : jsonLines) {
            all.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        all.sort(Comparator.comparing(m -> ((Number) m.get("client")).intValue()));
        return all;
    }

    /** Runs a client script to its end (at most 30 s, else it is killed and the test fails); its output lines. */
    private List<String> client(String script, int port, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", LAB.resolve(script).toString(), "--host",
                "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of(more));
        Path out = Files.createTempFile(dir, "client", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the client ends").isTrue();
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
            return lines;
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void theTaskClientGetsTheEchoOfItsTaskWithoutSendingANewline(ServerModel model) throws Exception {
        TimeServer server = start(model, ServiceKind.ECHO, "Processado: {msg}", true);
        List<String> lines = client("task_client.py", server.port(), "--clients", "3", "--timeout", "10");
        assertThat(lines).containsExactlyInAnyOrder("[CLIENTE 01] SUCESSO: Processado: Tarefa do Cliente 1",
                "[CLIENTE 02] SUCESSO: Processado: Tarefa do Cliente 2",
                "[CLIENTE 03] SUCESSO: Processado: Tarefa do Cliente 3");
        assertThat(server.stats().requests()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EveryModel
    void theNervousClientHearsTheGreetingWithoutSendingAnything(ServerModel model) throws Exception {
        TimeServer server = start(model, ServiceKind.GREET, "Atendido com sucesso.", false);
        List<String> lines = client("nervous_client.py", server.port(), "--clients", "3");
        assertThat(lines).containsExactlyInAnyOrder("[CLIENTE 01] SUCESSO: Atendido com sucesso.",
                "[CLIENTE 02] SUCESSO: Atendido com sucesso.", "[CLIENTE 03] SUCESSO: Atendido com sucesso.");
    }

    @Test
    void theAsyncioServersReplyEndsInItsOneNewlineAndNothingElse() throws Exception {
        TimeServer server = start(new ServerModel.EventLoop(), ServiceKind.ECHO, "OK - recebido: {msg}\\n", true);
        List<String> lines = client("task_client.py", server.port(), "--clients", "1", "--timeout", "10", "--json");
        assertThat(lines).singleElement().asString().contains("\"outcome\": \"reply\"")
                .contains("\"reply\": \"OK - recebido: Tarefa do Cliente 1\\n\"");
    }

    @Test
    void behindTheBottleneckTheQueueOverflowsAndTheNervousClientsTimeOutConnectingOrReading() throws Exception {
        TimeServer server = start(ServerOptions.loopback(new ServerModel.Single()).withBacklog(1), ServiceKind.GREET,
                "Atendido com sucesso.", false, Work.parse("sleep:1500ms"));
        List<Map<String, Object>> seen = outcomes(client("nervous_client.py", server.port(), "--clients", "6",
                "--timeout", "0.7", "--json"));
        assertThat(seen).hasSize(6).allSatisfy(m -> assertThat(m.get("outcome")).isIn("timeout",
                "connect-timeout"));
        // one served, at most two in a queue of listen(1): the rest never got through the handshake
        assertThat(seen).filteredOn(m -> m.get("outcome").equals("connect-timeout")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theBlockingServerServesOneClientAfterAnother() throws Exception {
        TimeServer server = start(ServerOptions.loopback(new ServerModel.Single()).withBacklog(16), ServiceKind.ECHO,
                "Processado (com atraso): {msg}", true, Work.parse("sleep:300ms"));
        List<Map<String, Object>> seen = outcomes(client("task_client.py", server.port(), "--clients", "3",
                "--timeout", "10", "--json"));
        assertThat(seen).allSatisfy(m -> assertThat(m.get("reply")).isEqualTo("Processado (com atraso): Tarefa do "
                + "Cliente " + m.get("client")));
        double last = seen.stream().mapToDouble(m -> ((Number) m.get("seconds")).doubleValue()).max().orElseThrow();
        assertThat(last).as("the last of three waits for the two before it").isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aServerThatWaitsForALineLeavesTheNervousClientTimingOut() throws Exception {
        TimeServer server = servers.start(ServerOptions.loopback(new ServerModel.Virtual()));
        List<String> lines = client("nervous_client.py", server.port(), "--clients", "1", "--timeout", "0.5");
        assertThat(lines).containsExactly("[CLIENTE 01] TIMEOUT: O servidor demorou demais!");
    }
}
