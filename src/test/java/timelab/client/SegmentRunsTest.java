package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import timelab.client.process.ProcessEngine;
import timelab.server.ServerModel;
import timelab.server.ServerObserver;
import timelab.server.ServerOptions;
import timelab.server.TimeServer;

/**
 * {@code --segment I/N} for real, with every strategy ({@code process} and {@code process:K/S} included): the
 * segments of one plan, run at once against one real server on port 0, serve exactly the plan's clients, each
 * client number exactly once, and the server answers exactly that many.
 */
@Timeout(240)
class SegmentRunsTest {

    private TimeServer server;

    static java.util.stream.Stream<ClientStrategy> strategies() {
        return ClientStrategiesTest.strategies();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = TimeServer.start(ServerOptions.loopback(new ServerModel.Virtual()), ServerObserver.NONE);
    }

    @AfterEach
    void stopServerAndCheckNothingIsLeftRunning() {
        server.close();
        ClientStrategiesTest.assertNothingLeftRunning();
    }

    /** Runs the {@code segments} segments of {@code plan} at once; the client numbers each segment reported. */
    private List<ClientRun> runSegments(LoadPlan plan, ClientStrategy strategy, int segments,
            Map<Integer, Integer> segmentOfClient) throws InterruptedException {
        List<LoadGenerator> running = new ArrayList<>();
        AtomicInteger twice = new AtomicInteger();
        try {
            for (int i = 0; i < segments; i++) {
                int index = i;
                ClientObserver observer = new ClientObserver() {
                    @Override
                    public void connectionFinished(ConnectionResult r) {
                        if (segmentOfClient.putIfAbsent(r.client(), index) != null) {
                            twice.incrementAndGet();
                        }
                    }
                };
                running.add(LoadGenerator.start(plan.withSegment(new LoadPlan.Segment(i, segments)), strategy,
                        observer, ProcessEngine::new, null));
            }
            List<ClientRun> runs = new ArrayList<>();
            for (LoadGenerator g : running) {
                runs.add(g.await());
            }
            assertThat(twice).as("client numbers reported twice").hasValue(0);
            return runs;
        } finally {
            running.forEach(LoadGenerator::stop);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void threeSegmentsTogetherServeExactlyTheWholePlanEachClientOnce(ClientStrategy strategy) throws Exception {
        LoadPlan plan = LoadPlan.time("127.0.0.1", server.port(), 10);
        Map<Integer, Integer> segmentOf = new ConcurrentHashMap<>();
        List<ClientRun> runs = runSegments(plan, strategy, 3, segmentOf);
        assertThat(segmentOf.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).boxed()
                .toList());
        segmentOf.forEach((client, segment) -> assertThat((client - 1) % 3).as("client %d", client)
                .isEqualTo(segment));
        assertThat(runs).extracting(ClientRun::clients).containsExactly(4L, 3L, 3L);
        assertThat(runs).extracting(ClientRun::succeeded).containsExactly(4L, 3L, 3L);
        assertThat(runs).allSatisfy(r -> assertThat(r.failures()).isEmpty());
        assertThat(runs).extracting(r -> r.plan().segment().index()).containsExactly(0, 1, 2);
        assertThat(server.stats().requests()).as("the server answered the whole plan, once").isEqualTo(10);
        List<RunMerge.Input> inputs = new ArrayList<>();
        for (ClientRun r : runs) {
            inputs.add(new RunMerge.Input("segment " + r.plan().segment().label(), r));
        }
        ClientRun merged = RunMerge.merge(inputs, false).run();
        assertThat(merged.clients()).isEqualTo(10);
        assertThat(merged.succeeded()).isEqualTo(10);
        assertThat(merged.requests()).isEqualTo(10);
        org.HdrHistogram.Histogram union = ClientRun.newHistogram();
        runs.forEach(r -> union.add(r.request().histogram()));
        assertThat(merged.request().histogram()).isEqualTo(union);
        assertThat(merged.strategy()).isEqualTo(runs.get(0).strategy());
        if (strategy instanceof ClientStrategy.ChildProcesses) {
            assertThat(merged.children().spawned()).isEqualTo(runs.stream().mapToInt(r -> r.children().spawned())
                    .sum());
            assertThat(merged.parts()).extracting(ClientRun.Part::childJvms).doesNotContainNull();
        } else {
            assertThat(merged.children()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aSegmentWithNobodyToRunRunsNothingAndSucceeds(ClientStrategy strategy) throws Exception {
        LoadPlan plan = LoadPlan.time("127.0.0.1", server.port(), 2);
        Map<Integer, Integer> segmentOf = new ConcurrentHashMap<>();
        List<ClientRun> runs = runSegments(plan, strategy, 3, segmentOf);
        assertThat(segmentOf).containsOnlyKeys(1, 2);
        assertThat(runs).extracting(ClientRun::clients).containsExactly(1L, 1L, 0L);
        ClientRun empty = runs.get(2);
        assertThat(empty.failed()).isZero();
        assertThat(empty.interrupted()).isFalse();
        assertThat(empty.request().hdr()).as("even an empty run carries its histograms").isNotEmpty();
        assertThat(empty.connect().hdr()).isNotEmpty();
        assertThat(server.stats().requests()).isEqualTo(2);
    }
}
