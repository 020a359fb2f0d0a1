package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import timelab.app.ExitCode;
import timelab.client.ClientRequestSamples;
import timelab.client.ClientRun;
import timelab.server.ServerModel;
import timelab.server.ServerObserver;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/**
 * {@code timelab merge} of three real segment runs ({@code timelab client --segment I/3} in this JVM, one after
 * another, each with its own JFR recording) against one real server on port 0: the merge is the whole plan, and its
 * percentiles are exactly those of the union of every request's raw sample, read back from the recordings.
 */
@Timeout(180)
class MergeCommandTest {

    private static final int CLIENTS = 30;

    @TempDir
    static Path dir;

    private static TimeServer server;
    private static final List<Path> SEGMENTS = new ArrayList<>();
    private static final List<Path> RECORDINGS = new ArrayList<>();

    @BeforeAll
    static void runThreeSegments() throws IOException {
        server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE);
        for (int i = 0; i < 3; i++) {
            Path json = dir.resolve("segment-" + i + ".json");
            Path jfr = dir.resolve("segment-" + i + ".jfr");
            CommandLineTest.Result r = CommandLineTest.run("client", "--strategy", "virtual", "--clients",
                    Integer.toString(CLIENTS), "--rate", "300", "--segment", i + "/3", "--port",
                    Integer.toString(server.port()), "--json", json.toString(), "--jfr=" + jfr, "--warm-up", "0",
                    "--progress", "off");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            SEGMENTS.add(json);
            RECORDINGS.add(jfr);
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static CommandLineTest.Result merge(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "merge";
        System.arraycopy(args, 0, all, 1, args.length);
        return CommandLineTest.run(all);
    }

    private static String[] files(Object... extra) {
        return java.util.stream.Stream.of(extra).map(String::valueOf).toArray(String[]::new);
    }

    private static Histogram decode(ClientRun.Latency l) throws Exception {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(l.hdr())), 0);
    }

    private static void assertSamePercentiles(ClientRun.Latency merged, Histogram union) throws Exception {
        assertThat(merged.count()).isEqualTo(union.getTotalCount());
        assertThat(merged.p50Ms()).isEqualTo(union.getValueAtPercentile(50) / 1000.0);
        assertThat(merged.p90Ms()).isEqualTo(union.getValueAtPercentile(90) / 1000.0);
        assertThat(merged.p99Ms()).isEqualTo(union.getValueAtPercentile(99) / 1000.0);
        assertThat(merged.p999Ms()).isEqualTo(union.getValueAtPercentile(99.9) / 1000.0);
        assertThat(merged.maxMs()).isEqualTo(union.getMaxValue() / 1000.0);
        assertThat(decode(merged)).as("the merged histogram is the union's, bucket by bucket").isEqualTo(union);
    }

    @Test
    void theMergeOfThreeSegmentsIsTheWholePlanWithTheExactPercentilesOfEveryRawSample() throws Exception {
        Path out = dir.resolve("merged.json");
        CommandLineTest.Result r = merge(files("--json", out, SEGMENTS.get(2), SEGMENTS.get(0), SEGMENTS.get(1)));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        ClientRun merged = ClientRun.fromJson(Files.readString(out));
        assertThat(merged.clients()).isEqualTo(CLIENTS);
        assertThat(merged.succeeded()).isEqualTo(CLIENTS);
        assertThat(merged.requests()).isEqualTo(CLIENTS);
        assertThat(server.stats().requests()).as("the server's count").isEqualTo(CLIENTS);
        assertThat(merged.plan().segment().whole()).isTrue();
        assertThat(merged.parts()).extracting(p -> p.segment().label()).containsExactly("0/3", "1/3", "2/3");
        assertThat(merged.parts()).extracting(ClientRun.Part::clients).containsExactly(10L, 10L, 10L);
        assertThat(merged.peakConcurrentConnections()).isEqualTo(merged.parts().stream()
                .mapToLong(ClientRun.Part::peakConcurrentConnections).sum());
        assertThat(merged.missingSegments()).isNull();
        ClientRequestSamples raw = ClientRequestSamples.union(RECORDINGS);
        assertThat(raw.outcomes()).isEqualTo(Map.of("OK", (long) CLIENTS));
        assertSamePercentiles(merged.connect(), raw.connect());
        assertSamePercentiles(merged.request(), raw.request());
        assertThat(r.out()).contains("timelab client: virtual, 300.0 clients/s, up to 30 × 1 request")
                .contains("30 started, 30 ok, 0 failed").contains("part 0/3").contains("part 2/3")
                .contains("an upper bound").contains("failures   none").contains("JSON written to " + out);
    }

    @Test
    void theWallTimeRunsFromTheEarliestStartToTheLatestEnd() throws Exception {
        Path out = dir.resolve("wall.json");
        assertThat(merge(files("--json", out, SEGMENTS.get(0), SEGMENTS.get(1), SEGMENTS.get(2))).code()).isZero();
        ClientRun merged = ClientRun.fromJson(Files.readString(out));
        List<ClientRun> runs = new ArrayList<>();
        for (Path p : SEGMENTS) {
            runs.add(ClientRun.fromJson(Files.readString(p)));
        }
        java.time.Instant start = java.time.Instant.parse(runs.get(0).startedAt());
        java.time.Instant end = java.time.Instant.parse(runs.get(2).startedAt())
                .plusNanos(Math.round(runs.get(2).wallSeconds() * 1e9));
        assertThat(merged.startedAt()).isEqualTo(start.toString());
        assertThat(merged.wallSeconds()).isCloseTo(java.time.Duration.between(start, end).toNanos() / 1e9,
                org.assertj.core.api.Assertions.within(1e-5));
        assertThat(merged.clientsPerSecond()).isCloseTo(CLIENTS / merged.wallSeconds(),
                org.assertj.core.api.Assertions.within(0.1));
    }

    @Test
    void aMissingSegmentIsAnErrorUnlessPartialWhichSaysSoInTheSummaryAndTheJson() throws IOException {
        CommandLineTest.Result r = merge(files(SEGMENTS.get(0), SEGMENTS.get(2)));
        assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("missing segment 1 of 3");
        Path out = dir.resolve("partial.json");
        r = merge(files("--partial", "--json", out, SEGMENTS.get(0), SEGMENTS.get(2)));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("warning: missing segment 1 of 3").contains("MISSING    segments [1] of 3");
        ClientRun merged = ClientRun.fromJson(Files.readString(out));
        assertThat(merged.missingSegments()).containsExactly(1);
        assertThat(merged.clients()).isEqualTo(20);
    }

    @Test
    void badInputsExitTwoWithOneLineNamingTheFile() throws IOException {
        Path absent = dir.resolve("absent.json");
        Path text = Files.writeString(dir.resolve("text.json"), "not json at all");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"schemaVersion\": 2, \"kind\": \"limit\"}");
        ClientRun one = ClientRun.fromJson(Files.readString(SEGMENTS.get(1)));
        Path otherPlan = Files.writeString(dir.resolve("other-plan.json"),
                Files.readString(SEGMENTS.get(1)).replace("\"clients\" : " + CLIENTS + ",", "\"clients\" : 31,"));
        assertThat(ClientRun.fromJson(Files.readString(otherPlan)).plan().clients()).isEqualTo(31);
        Path fourths = Files.writeString(dir.resolve("fourths.json"), one.toJson()
                .replace("\"count\" : 3", "\"count\" : 4"));
        Path merged = dir.resolve("merged-input.json");
        assertThat(merge(files("--json", merged, SEGMENTS.get(0), SEGMENTS.get(1), SEGMENTS.get(2))).code()).isZero();
        for (List<Object> bad : List.<List<Object>>of(List.of(absent, "cannot read"), List.of(text, "not the JSON"),
                List.of(other, "not the JSON"), List.of(otherPlan, "not the same plan"),
                List.of(fourths, "one of 3 segments"), List.of(merged, "already a merge"))) {
            CommandLineTest.Result r = merge(files(SEGMENTS.get(0), bad.get(0), SEGMENTS.get(2)));
            assertThat(r.code()).as(bad + ": " + r.out() + r.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.err().lines().findFirst().orElse("")).contains(bad.get(0).toString())
                    .contains(bad.get(1).toString());
            assertThat(r.err()).doesNotContain("Exception\n").doesNotContain("\tat ");
        }
        CommandLineTest.Result twice = merge(files(SEGMENTS.get(0), SEGMENTS.get(1), SEGMENTS.get(1)));
        assertThat(twice.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(twice.err()).contains("segment 1/3 again");
    }

    @Test
    void failuresByKindAreSummedAndMoreThanAllowedInAllExitOne() throws IOException {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // closed below: nobody listens there
        }
        List<Path> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path json = dir.resolve("refused-" + i + ".json");
            CommandLineTest.Result r = CommandLineTest.run("client", "--strategy", "virtual", "--clients", "7",
                    "--segment", i + "/3", "--port", Integer.toString(deadPort), "--json", json.toString(),
                    "--warm-up", "0", "--progress", "off");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILURES.code());
            refused.add(json);
        }
        Path out = dir.resolve("refused.json");
        CommandLineTest.Result r = merge(files("--json", out, refused.get(0), refused.get(1), refused.get(2)));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILURES.code());
        assertThat(r.out()).contains("7 clients failed, more than --max-failures 0: exit code 1");
        ClientRun merged = ClientRun.fromJson(Files.readString(out));
        assertThat(merged.failures(timelab.client.FailureKind.REFUSED)).isEqualTo(7);
        assertThat(merged.failures().get("refused").examples()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(merged.clientsPerSecond()).isNull();
        assertThat(merge(files("--max-failures", "7", refused.get(0), refused.get(1), refused.get(2))).code())
                .isZero();
        assertThat(merge(files("--max-failures", "-1", refused.get(0))).code()).isEqualTo(ExitCode.USAGE.code());
    }
}
