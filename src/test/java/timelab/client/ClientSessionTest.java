package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.client.ClientObserver.ConnectionResult;
import timelab.client.ClientSession.Step;

/**
 * The client's connection sequence without any socket: a {@link ClientSession} is fed the events and bytes a driver
 * would report, and each test asserts the step it answers with and the outcome it ends in.
 */
class ClientSessionTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 45000);

    private final Tally tally = new Tally();

    private ConnectionPlan plan(LoadPlan load) {
        return new ConnectionPlan("test", load.withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT),
                InetAddress.getLoopbackAddress(), 1, tally, client -> null);
    }

    private ConnectionPlan time(int requests) {
        return plan(LoadPlan.time("127.0.0.1", 45000, 1).withRequests(requests));
    }

    /** A session connected at time 10 and past the gate: its first step is the first request. */
    private ClientSession open(ConnectionPlan plan) {
        ClientSession s = plan.session(7, -1);
        s.connecting(0);
        assertThat(s.connected(10, LOCAL, SERVER)).isTrue();
        return s;
    }

    /** A session that has sent its first request (at time 10) and waits for the reply. */
    private ClientSession awaiting(ConnectionPlan plan) {
        ClientSession s = open(plan);
        s.begin(10);
        s.written(10);
        return s;
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String sent(Step step) {
        assertThat(step).isInstanceOf(Step.Send.class);
        ByteBuffer b = ((Step.Send) step).bytes();
        return new String(b.array(), b.position(), b.remaining(), StandardCharsets.UTF_8);
    }

    private static ConnectionResult done(Step step) {
        assertThat(step).isInstanceOf(Step.Done.class);
        return ((Step.Done) step).result();
    }

    private static Outcome.Failed failure(Step step) {
        Outcome outcome = done(step).outcome();
        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        return (Outcome.Failed) outcome;
    }

    @Test
    void aRightExchangeSendsEachRequestThenQuitAndEndsOkWhenTheServerCloses() {
        ClientSession s = open(time(2));
        assertThat(sent(s.begin(10))).isEqualTo("TIME\r\n");
        assertThat(s.written(11)).isInstanceOf(Step.Receive.class);
        assertThat(s.deadline()).isEqualTo(10 + READ_TIMEOUT.toNanos());
        assertThat(sent(s.received(bytes("JAM 10:00:00\r\n"), 1_000_010))).isEqualTo("TIME\r\n");
        assertThat(s.written(1_000_011)).isInstanceOf(Step.Receive.class);
        assertThat(sent(s.received(bytes("JAM 10:00:01\n"), 3_000_010))).isEqualTo("QUIT\r\n");
        assertThat(s.state()).isEqualTo(ClientSession.State.QUITTING);
        assertThat(s.written(3_000_011)).isInstanceOf(Step.Receive.class);
        assertThat(s.received(bytes("anything said before the close is drained"), 3_000_012))
                .isInstanceOf(Step.Receive.class);
        ConnectionResult r = done(s.ended(3_000_013));
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.client()).isEqualTo(7);
        assertThat(r.requestsOk()).isEqualTo(2);
        assertThat(r.connectNanos()).isEqualTo(10);
        assertThat(r.requestNanos()).isEqualTo(3_000_000);
        assertThat(r.lastReply()).isEqualTo("JAM 10:00:01");
        assertThat(tally.requests.sum()).isEqualTo(2);
        assertThat(tally.open.value()).isEqualTo(1);
        s.closed();
        s.closed();
        assertThat(tally.open.value()).as("counted down once").isZero();
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 13, 100})
    void aReplyInPiecesIsOneReplyHoweverItIsSplit(int chunk) {
        ClientSession s = awaiting(time(1));
        byte[] reply = "JAM 10:00:00\r\n".getBytes(StandardCharsets.US_ASCII);
        Step step = null;
        for (int i = 0; i < reply.length; i += chunk) {
            assertThat(step).as("nothing before the LF").isNull();
            Step next = s.received(ByteBuffer.wrap(reply, i, Math.min(chunk, reply.length - i)), 20);
            step = next instanceof Step.Receive ? null : next;
        }
        assertThat(sent(step)).isEqualTo("QUIT\r\n");
    }

    @Test
    void anExtraLineAnswersTheNextRequestAsSoonAsItIsWritten() {
        ClientSession s = awaiting(time(3));
        assertThat(sent(s.received(bytes("JAM 10:00:01\r\nJAM 10:00:02\r\nJAM 10:0"), 20))).isEqualTo("TIME\r\n");
        assertThat(sent(s.written(21))).as("the kept line is request 2's reply").isEqualTo("TIME\r\n");
        assertThat(s.written(22)).isInstanceOf(Step.Receive.class);
        assertThat(sent(s.received(bytes("0:03\r\n"), 30))).isEqualTo("QUIT\r\n");
        assertThat(tally.requests.sum()).isEqualTo(3);
    }

    @Test
    void withoutAQuitLineTheSessionEndsAtTheLastReply() {
        ClientSession s = open(plan(LoadPlan.time("127.0.0.1", 45000, 1)
                .withExchange(LoadPlan.Exchange.line("PING", "PONG", ""))));
        assertThat(sent(s.begin(10))).isEqualTo("PING\r\n");
        s.written(10);
        assertThat(done(s.received(bytes("PONG\r\n"), 20)).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void aWrongReplyIsABadReplyABusyOneIsBusyAndAnEchoIsASelfConnect() {
        ClientSession wrong = awaiting(time(2));
        Outcome.Failed bad = failure(wrong.received(bytes("JAM 25:61:00\r\n"), 20));
        assertThat(bad.kind()).isEqualTo(FailureKind.BAD_REPLY);
        assertThat(bad.rawMessage()).contains("JAM 25:61:00");
        assertThat(tally.requests.sum()).isZero();

        ClientSession busy = awaiting(time(1));
        assertThat(failure(busy.received(bytes("ERROR busy\r\n"), 20)).kind()).isEqualTo(FailureKind.BUSY);

        ClientSession echo = awaiting(time(1));
        assertThat(failure(echo.received(bytes("TIME\r\n"), 20)).kind()).isEqualTo(FailureKind.SELF_CONNECT);
    }

    @Test
    void aReplyLongerThanTheLimitIsJudgedByItsFirstPieceAndIsABadReply() {
        ClientSession s = awaiting(time(2));
        Outcome.Failed f = failure(s.received(bytes("J".repeat(3 * ConnectionPlan.MAX_REPLY)), 20));
        assertThat(f.kind()).isEqualTo(FailureKind.BAD_REPLY);
        assertThat(done(s.received(bytes("more"), 30)).requestsOk()).as("done stays done").isZero();
    }

    @Test
    void aSocketConnectedToItselfIsASelfConnectAndCountsAsOpenUntilClosed() {
        ClientSession s = time(1).session(1, -1);
        s.connecting(0);
        assertThat(s.connected(5, LOCAL, LOCAL)).isFalse();
        assertThat(s.result().outcome()).isInstanceOf(Outcome.Failed.class);
        Outcome.Failed f = (Outcome.Failed) s.result().outcome();
        assertThat(f.kind()).isEqualTo(FailureKind.SELF_CONNECT);
        assertThat(f.rawMessage()).contains(LOCAL.toString());
        assertThat(tally.open.value()).isEqualTo(1);
        s.closed();
        assertThat(tally.open.value()).isZero();
    }

    @Test
    void theServerClosingBeforeTheReplyIsServerClosedAndSaysHowMuchCame() {
        ClientSession s = awaiting(time(2));
        s.received(bytes("JAM 1\r"), 20);
        Outcome.Failed f = failure(s.ended(30));
        assertThat(f.kind()).isEqualTo(FailureKind.SERVER_CLOSED);
        assertThat(f.rawMessage()).isEqualTo("end of stream before the reply to request 1 (after 6 bytes of it)");
    }

    @Test
    void whileHeldWhatTheServerSaysAndItsCloseAreFoundOutByTheFirstRequest() {
        ClientSession busy = open(time(1));
        assertThat(busy.received(bytes("ERROR busy\r\n"), 11)).isInstanceOf(Step.Receive.class);
        assertThat(busy.ended(12)).as("held: not yet").isInstanceOf(Step.Receive.class);
        assertThat(sent(busy.begin(20))).isEqualTo("TIME\r\n");
        assertThat(failure(busy.written(21)).kind()).isEqualTo(FailureKind.BUSY);

        ClientSession rude = open(time(1));
        rude.ended(12);
        rude.begin(20);
        Outcome.Failed f = failure(rude.written(21));
        assertThat(f.kind()).isEqualTo(FailureKind.SERVER_CLOSED);
        assertThat(f.rawMessage()).isEqualTo("end of stream before the reply to request 1");
    }

    @Test
    void timeoutsAreAConnectTimeoutANeverServedOrAReadTimeoutByWhatCameAndNothingWhileQuitting() {
        ClientSession connecting = time(1).session(1, -1);
        connecting.connecting(100);
        assertThat(connecting.deadline()).isEqualTo(100 + CONNECT_TIMEOUT.toNanos());
        assertThat(failure(connecting.timedOut(200)).kind()).isEqualTo(FailureKind.CONNECT_TIMEOUT);

        ClientSession silent = awaiting(time(1));
        Outcome.Failed never = failure(silent.timedOut(20));
        assertThat(never.kind()).isEqualTo(FailureKind.NEVER_SERVED);
        assertThat(never.rawMessage()).contains("Read timed out");

        ClientSession slow = awaiting(time(1));
        slow.received(bytes("JAM"), 15);
        assertThat(failure(slow.timedOut(20)).kind()).isEqualTo(FailureKind.READ_TIMEOUT);

        ClientSession quitting = awaiting(time(1));
        quitting.received(bytes("JAM 10:00:00\r\n"), 15);
        quitting.written(16);
        assertThat(done(quitting.timedOut(20)).outcome()).isEqualTo(Outcome.OK);
        assertThat(quitting.deadline()).isEqualTo(ClientSession.NO_DEADLINE);
    }

    @Test
    void aFailureIsClassifiedByWhereTheSessionIs() {
        ClientSession binding = time(1).session(1, -1);
        assertThat(failure(binding.failed(new BindException("Address already in use"))).kind())
                .isEqualTo(FailureKind.EPHEMERAL_PORTS_EXHAUSTED);

        ClientSession connecting = time(1).session(1, -1);
        connecting.connecting(0);
        assertThat(failure(connecting.failed(new ConnectException("Connection refused"))).kind())
                .isEqualTo(FailureKind.REFUSED);

        ClientSession reading = awaiting(time(1));
        Outcome.Failed reset = failure(reading.failed(new SocketException("Connection reset")));
        assertThat(reset.kind()).isEqualTo(FailureKind.RESET);
        assertThat(reset.rawMessage()).isEqualTo("java.net.SocketException: Connection reset");

        ClientSession quitting = awaiting(time(1));
        quitting.received(bytes("JAM 10:00:00\r\n"), 15);
        assertThat(done(quitting.failed(new SocketException("Broken pipe"))).outcome())
                .as("after the work is done, how the server hangs up is its business").isEqualTo(Outcome.OK);
    }

    @Test
    void inTheOpenModelTheConnectTimeCountsFromTheIntendedStart() {
        ClientSession s = time(1).session(1, 50);
        s.connecting(80);
        s.connected(100, LOCAL, SERVER);
        s.begin(100);
        s.written(100);
        s.received(bytes("JAM 10:00:00\r\n"), 150);
        s.written(151);
        assertThat(done(s.ended(160)).connectNanos()).isEqualTo(50);
    }
}
