package timelab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
    private static final Duration LIMIT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path work;

    static OciImage image;

    /** Why the image cannot run here (not root, or not built), or null when it can. */
    static String cannotRun;

    @BeforeAll
    static void unpackTheImage() throws IOException, InterruptedException {
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
        if (!uid.equals("0")) {
            cannotRun = "chroot and unshare need root; this runs as uid " + uid;
        } else if (!Files.isRegularFile(TARBALL)) {
            cannotRun = "no image at " + TARBALL + ": build it with ./mvnw -Pimage package (docs/guides/kubernetes.md)";
        } else {
            image = OciImage.unpack(TARBALL, work);
        }
    }

    @BeforeEach
    void skipWhereTheImageCannotRun() {
        assumeTrue(cannotRun == null, cannotRun);
    }

    private static Process start(Path output, String... args) throws IOException {
        return start(output, Map.of(), "0:0", List.of(args));
    }

    /**
     * {@code unshare … chroot --userspec=USER ROOTFS ENTRYPOINT… args}: the image's environment with {@code env} on
     * top (a container's own), nothing of this JVM's.
     */
    private static Process start(Path output, Map<String, String> env, String user, List<String> args)
            throws IOException {
        Path root = image.rootfs();
        List<String> command = new ArrayList<>(List.of(host("unshare"), "--mount", "--pid", "--fork",
                "--kill-child", "--mount-proc=" + root.resolve("proc"), host("chroot"), "--userspec=" + user,
                root.toString()));
        command.addAll(image.entrypoint());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().clear();
        pb.environment().putAll(image.env());
        pb.environment().putAll(env);
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

    /** The digests are checked: a layer changed by one byte is refused, as a runtime would refuse it. */
    @Test
    void aLayerChangedByOneByteIsRefused() throws Exception {
        Path layout = Files.createDirectories(work.resolve("tampered"));
        run("tar", "-xf", TARBALL.toString(), "-C", layout.toString());
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            Path smallest = blobs.min(Comparator.comparingLong(ImageChrootTest::size)).orElseThrow();
            Files.write(smallest, new byte[] {0}, StandardOpenOption.APPEND);
        }
        Path tampered = work.resolve("tampered.tar");
        run("tar", "-cf", tampered.toString(), "-C", layout.toString(), ".");

        assertThatIOException().isThrownBy(() -> OciImage.unpack(tampered, work.resolve("tampered-unpacked")))
                .withMessageContaining("has digest");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        } finally {
            p.destroyForcibly();
        }
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

    /**
     * The load Job on one machine: each of its three pods' client args (rendered and expanded as the kubelet does,
     * only the target, the client count and the hold changed) run in the image at once, as the pod's user, against
     * a server on the host; the results gathered from /results and merged with {@code timelab merge} are the whole
     * plan, and what the server accepted.
     */
    @Test
    void theLoadJobsPodsRunInTheImageAndMergeIntoTheWholePlan() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int segments = 3;
            int clients = 30;
            Job job = DeployManifestsTest.job(DeployManifestsTest.loadYaml(segments,
                    Instant.now().plusSeconds(2).toString()));
            Container pod = job.getSpec().getTemplate().getSpec().getInitContainers().getFirst();
            Path results = Files.createDirectories(image.rootfs().resolve("results"));
            Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxrwxrwx"));
            try (TimeServer server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()),
                    ServerObserver.NONE)) {
                List<Process> pods = new ArrayList<>();
                List<Path> outputs = new ArrayList<>();
                try {
                    for (int i = 0; i < segments; i++) {
                        Map<String, String> env = new HashMap<>();
                        pod.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
                        env.put("JOB_COMPLETION_INDEX", Integer.toString(i));
                        List<String> args = new ArrayList<>(Manifests.expand(pod.getArgs(), env));
                        set(args, "--host", "127.0.0.1");
                        set(args, "--port", Integer.toString(server.port()));
                        set(args, "--clients", Integer.toString(clients));
                        set(args, "--hold-for", "0s");
                        env.remove("JOB_COMPLETION_INDEX");
                        Path out = work.resolve("pod-" + i + ".out");
                        outputs.add(out);
                        pods.add(start(out, env, user(job), args));
                    }
                    for (int i = 0; i < segments; i++) {
                        String printed = finish(pods.get(i), outputs.get(i));
                        assertThat(pods.get(i).exitValue()).as(printed).isZero();
                    }
                } finally {
                    for (Process p : pods) {
                        stop(p);
                    }
                }
                Path merged = work.resolve("merged.json");
                List<String> merge = new ArrayList<>(List.of("merge", "--json", merged.toString()));
                for (int i = 0; i < segments; i++) {
                    JsonNode part = JSON.readTree(results.resolve("segment-" + i + ".json").toFile());
                    assertThat(part.path("clients").asLong()).isEqualTo(clients / segments);
                    merge.add(results.resolve("segment-" + i + ".json").toString());
                }
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
                int code = TimelabCommand.run(ps, ps, merge.toArray(String[]::new));
                JsonNode whole = JSON.readTree(merged.toFile());

                assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(whole.path("clients").asLong()).isEqualTo(clients);
                assertThat(whole.path("succeeded").asLong()).isEqualTo(clients);
                Awaitility.await().atMost(LIMIT).until(() -> server.stats().accepted() == clients);
            }
        });
    }

    /** The pod's user, from the pod's security context (the image itself names none). */
    private static String user(Job job) {
        Long uid = job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
        Long gid = job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsGroup();
        return uid + ":" + gid;
    }

    /** Sets the value after {@code option} in {@code args}, which must have it. */
    private static void set(List<String> args, String option, String value) {
        int at = args.indexOf(option);
        assertThat(at).as(option + " in the Job's args").isNotNegative();
        args.set(at + 1, value);
    }
}
