package timelab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
    void behindTheBottleneckAFullQueueDropsTheNervousClientsSynsAndEveryOneTimesOutConnecting() throws Exception {
        TimeServer server = start(ServerOptions.loopback(new ServerModel.Single()).withBacklog(1), ServiceKind.GREET,
                "Atendido com sucesso.", false, Work.parse("sleep:3s"));
        // the bottleneck as the nervous clients find it: one client in service (inside its 3 s of work) and listen(1)'s
        // queue full with two more (Linux queues backlog + 1). Filled first, so the test does not race the kernel:
        // six SYNs at once would all get a SYN-ACK before the queue filled, and some would time out reading instead
        try (Socket served = connect(server.port())) {
            awaitAccepted(server, 1);
            try (Socket queued1 = connect(server.port()); Socket queued2 = connect(server.port())) {
                List<Map<String, Object>> seen = outcomes(client("nervous_client.py", server.port(), "--clients",
                        "6", "--timeout", "0.7", "--json"));
                // a full accept queue drops a SYN (tcp_abort_on_overflow=0): no refusal, the connect times out
                assertThat(seen).hasSize(6).allSatisfy(m -> assertThat(m.get("outcome")).isEqualTo(
                        "connect-timeout"));
                assertThat(server.stats().accepted()).as("only the client in service was accepted").isEqualTo(1);
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        return s;
    }

    private static void awaitAccepted(TimeServer server, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.stats().accepted() < n) {
            assertThat(System.nanoTime()).as("the server accepts the first client").isLessThan(deadline);
            Thread.sleep(5);
        }
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
