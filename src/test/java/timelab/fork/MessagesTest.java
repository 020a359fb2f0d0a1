package timelab.fork;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientRun;
import timelab.client.FailureKind;
import timelab.client.LoadPlan;
import timelab.client.Outcome;
import timelab.server.ServerModel;
import timelab.server.ServerStatus;
import timelab.server.WorkerStatus;
import timelab.service.ServiceKind;
import timelab.work.Work;

/** The codec of the channel: every message type round-trips; what is not a message stays out. */
class MessagesTest {

    private static final ServerStatus STATUS = new ServerStatus(new ServerModel.EventLoop(), 3, 1, 2, 7, 1, 0, 0, 0, 12,
            14, 0, 0, Work.parse("delay:20ms..80ms"), 3, 5, 1, 2, 40, 51_200);

    static List<Message> everyKind() {
        ClientRun.Latency l = new ClientRun.Latency(2, 0.1, 0.2, 0.3, 0.3, 0.3, 0.2, "");
        ClientRun run = new ClientRun(1, "virtual", LoadPlan.time("127.0.0.1", 45000, 2), "2026-01-01T00:00:00Z", "25",
                1, false, 1.5, 2, 2, 0, 2, 1.3, 1.3, Map.of(), l, l, 2, 2L,
                new ClientRun.Resources(10, 2, 20, 30, 1 << 26, 0.4), null, "io_uring unavailable: a test");
        return List.of(new Message.Ready(), new Message.Progress(9, 7, 1, 3), new Message.Held(42),
                new Message.Connection(17, FailureKind.RESET, "Connection reset — ünïcode\nsecond line", 1234, 5678, 1,
                        ""),
                new Message.Connection(1, null, null, 10, 20, 1, "JAM 10:00:00"),
                new Message.Report(run, null, 1.5), new Message.Report(null, "bad spec: x", 0.25),
                new Message.Result(run, new Jdk("21.0.13", "Debian", "/usr/lib/jvm/java-21-openjdk-amd64")),
                new Message.Listening("127.0.0.1", 45000, 4096, 19_950, 1234, new ServerModel.Virtual(),
                        ServiceKind.TIME, Jdk.current()),
                new Message.Listening("127.0.0.1", 45000, 4096, 39_900, 1230, new ServerModel.Virtual(),
                        ServiceKind.TIME, Jdk.current(), List.of(1231L, 1232L)),
                new Message.Status(STATUS), new Message.Final(STATUS),
                new Message.Status(ServerStatus.total(List.of(STATUS, STATUS)),
                        List.of(new WorkerStatus(1231, STATUS), new WorkerStatus(1232, STATUS))),
                new Message.Final(STATUS, List.of(new WorkerStatus(1231, STATUS))), new Message.Go(),
                new Message.Stop());
    }

    @Test
    void oneProcessSaysNothingOfWorkersAndATotalIsTheSumOfEveryCount() {
        assertThat(Messages.encode(new Message.Status(STATUS))).doesNotContain("workers");
        assertThat(Messages.encode(new Message.Listening("127.0.0.1", 1, 1, 1, 1, new ServerModel.Virtual(),
                ServiceKind.TIME, null))).doesNotContain("workers");
        ServerStatus unknown = new ServerStatus(new ServerModel.EventLoop(), 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0,
                Work.parse("none"), 0, 0, 0, 0, -1, -1);
        ServerStatus total = ServerStatus.total(List.of(STATUS, unknown));
        assertThat(total.accepted()).isEqualTo(4);
        assertThat(total.peak()).isEqualTo(3);
        assertThat(total.platformThreads()).isEqualTo(13);
        assertThat(total.openFds()).as("the known ones").isEqualTo(40);
        assertThat(total.rssKb()).isEqualTo(51_200);
        assertThat(ServerStatus.total(List.of(unknown)).openFds()).as("none known").isEqualTo(-1);
    }

    @Test
    void everyMessageKindRoundTripsOnOneLine() {
        List<Message> all = everyKind();
        assertThat(all.stream().map(Object::getClass).distinct())
                .hasSize(Message.class.getPermittedSubclasses().length);
        for (Message m : all) {
            String line = Messages.encode(m);
            assertThat(line).doesNotContain("\n").startsWith(Messages.START);
            assertThat(Messages.decode(line)).as(line).contains(m);
        }
    }

    @Test
    void aConnectionCarriesEverythingTheObserverGets() {
        ConnectionResult failed = new ConnectionResult("virtual", 17, new Outcome.Failed(FailureKind.RESET,
                "java.net.SocketException: Connection reset"), 1234, 5678, 1, "");
        Message.Connection m = Message.Connection.of(failed);
        assertThat(((Message.Connection) Messages.decode(Messages.encode(m)).orElseThrow())
                .toResult("process:2/virtual"))
                .isEqualTo(new ConnectionResult("process:2/virtual", 17, failed.outcome(), 1234, 5678, 1, ""));
        ConnectionResult ok = new ConnectionResult("platform", 1, Outcome.OK, 10, 20, 1, "JAM 10:00:00");
        assertThat(Message.Connection.of(ok).toResult("process")).isEqualTo(
                new ConnectionResult("process", 1, Outcome.OK, 10, 20, 1, "JAM 10:00:00"));
    }

    @Test
    void linesThatAreNotMessagesAreNotDecoded() {
        assertThat(Messages.decode("OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader"))
                .isEmpty();
        assertThat(Messages.decode("timelab server: model=nio service=time listening on 127.0.0.1:4500")).isEmpty();
        String whole = Messages.encode(new Message.Progress(1, 2, 3, 4));
        assertThat(Messages.decode(whole.substring(0, whole.length() - 3))).isEmpty();
        assertThat(Messages.decode("{\"message\":\"from-the-future\"}")).isEmpty();
        assertThat(Messages.decode("{\"message\":\"report\"}")).isEmpty(); // neither run nor error
        assertThat(Messages.decode("")).isEmpty();
    }
}
