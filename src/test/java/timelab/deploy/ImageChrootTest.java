package timelab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelab.cli.TimelabCommand;
import timelab.server.ServerModel;
import timelab.server.ServerObserver;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/**
 * The container image the build makes ({@code ./mvnw -Pimage package}: target/timelab-image.tar), unpacked layer by
 * layer into a root filesystem and run the way a runtime would start it — its own entrypoint and environment, under
 * {@code chroot}, in new mount and PID namespaces with their own /proc — without a container engine. Needs root and
 * the built image; skipped, saying which, without them.
 */
class ImageChrootTest {

    static final Path TARBALL = Path.of("target", "timelab-image.tar");
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path work;

    static OciImage image;

    @BeforeAll
    static void unpackTheImage() throws IOException, InterruptedException {
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
        assumeTrue(uid.equals("0"), "chroot and unshare need root; this runs as uid " + uid);
        assumeTrue(Files.isRegularFile(TARBALL), "no image at " + TARBALL + ": build it with ./mvnw -Pimage package "
                + "(docs/guides/kubernetes.md)");
        image = OciImage.unpack(TARBALL, work);
    }

    /** {@code unshare … chroot ROOTFS ENTRYPOINT… args}, with the image's environment and nothing else. */
    private static Process start(Path output, String... args) throws IOException {
        Path root = image.rootfs();
        List<String> command = new ArrayList<>(List.of(host("unshare"), "--mount", "--pid", "--fork",
                "--kill-child", "--mount-proc=" + root.resolve("proc"), host("chroot"), root.toString()));
        command.addAll(image.entrypoint());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().clear();
        pb.environment().putAll(image.env());
        return pb.start();
    }

    /** A program of this machine, by absolute path: the child's PATH is the image's. */
    private static String host(String program) {
        return Stream.of("/usr/bin", "/usr/sbin", "/bin", "/sbin").map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("no " + program + " here (util-linux, coreutils)"));
    }

    private static String finish(Process p, Path output) throws Exception {
        try {
            assertThat(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("ended in time").isTrue();
            return Files.readString(output);
        } finally {
            stop(p);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
    }

    @Test
    void theImagesEntrypointRunsTimelabAndNamesItsVersion() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path out = work.resolve("version.out");
            String printed = finish(start(out, "--version"), out);

            assertThat(printed).contains("timelab 0.1.0-SNAPSHOT").contains("Java ");
            assertThat(image.layers()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void aServerInTheImageServesTimelabsClientOnTheHostOverLoopback() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path out = work.resolve("server.out");
            Process server = start(out, "server", "--model", "virtual", "--bind", "127.0.0.1", "--port", "0",
                    "--status-interval", "1h");
            try {
                int port = Awaitility.await().atMost(LIMIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> listeningPort(Files.readString(out)), p -> p > 0);
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
                int code = TimelabCommand.run(ps, ps, "client", "--host", "127.0.0.1", "--port", Integer.toString(port),
                        "--clients", "40", "--requests", "2", "--warm-up", "0", "--progress", "off");

                assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(server.isAlive()).as(Files.readString(out)).isTrue();
            } finally {
                stop(server);
            }
        });
    }

    private static int listeningPort(String output) {
        Matcher m = LISTENING.matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void aClientInTheImageLoadsAServerOnTheHostAndWritesItsJsonResult() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                    ServerObserver.NONE)) {
                Path out = work.resolve("client.out");
                String printed = finish(start(out, "client", "--host", "127.0.0.1", "--port",
                        Integer.toString(server.port()), "--clients", "30", "--requests", "2", "--warm-up", "0",
                        "--progress", "off", "--json", "/tmp/segment.json"), out);
                JsonNode json = new ObjectMapper().readTree(image.rootfs().resolve("tmp/segment.json").toFile());

                assertThat(json.path("clients").asLong()).as(printed).isEqualTo(30);
                assertThat(json.path("succeeded").asLong()).as(printed).isEqualTo(30);
                Awaitility.await().atMost(LIMIT).until(() -> server.stats().requests() == 60);
                assertThat(server.stats().accepted()).isEqualTo(30);
            }
        });
    }
}
