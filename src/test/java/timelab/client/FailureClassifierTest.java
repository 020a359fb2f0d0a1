package timelab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import timelab.client.FailureClassifier.Phase;

/** The classifier as a pure function: the JDK's exceptions and messages per failure (docs/explanation/facts.md). */
class FailureClassifierTest {

    private static FailureKind kind(Phase phase, Throwable e) {
        return FailureClassifier.classify(phase, e, false);
    }

    @Test
    void nothingListeningIsRefused() {
        assertThat(kind(Phase.CONNECT, new ConnectException("Connection refused"))).isEqualTo(FailureKind.REFUSED);
    }

    @Test
    void aTimeoutWhileConnectingIsAConnectTimeoutWhateverTheType() {
        assertThat(kind(Phase.CONNECT, new SocketTimeoutException("Connect timed out")))
                .isEqualTo(FailureKind.CONNECT_TIMEOUT);
        assertThat(kind(Phase.CONNECT, new ConnectException("Connection timed out")))
                .isEqualTo(FailureKind.CONNECT_TIMEOUT);
    }

    @Test
    void aReadTimeoutBeforeAnyByteIsNeverServedAndAfterSomeBytesAReadTimeout() {
        SocketTimeoutException e = new SocketTimeoutException("Read timed out");
        assertThat(FailureClassifier.classify(Phase.READ, e, false)).isEqualTo(FailureKind.NEVER_SERVED);
        assertThat(FailureClassifier.classify(Phase.READ, e, true)).isEqualTo(FailureKind.READ_TIMEOUT);
    }

    @Test
    void resetsAndBrokenPipesAreTheirOwnKinds() {
        assertThat(kind(Phase.READ, new SocketException("Connection reset"))).isEqualTo(FailureKind.RESET);
        assertThat(kind(Phase.WRITE, new SocketException("Connection reset by peer"))).isEqualTo(FailureKind.RESET);
        assertThat(kind(Phase.WRITE, new SocketException("Broken pipe"))).isEqualTo(FailureKind.BROKEN_PIPE);
    }

    @Test
    void theDescriptorLimitIsTooManyOpenFilesWhicheverExceptionCarriesIt() {
        assertThat(kind(Phase.CONNECT, new SocketException("Too many open files"))).isEqualTo(
                FailureKind.TOO_MANY_OPEN_FILES);
        assertThat(kind(Phase.BIND, new IOException("Too many open files"))).isEqualTo(FailureKind.TOO_MANY_OPEN_FILES);
    }

    @Test
    void noFreeLocalPortIsEphemeralPortExhaustion() {
        assertThat(kind(Phase.CONNECT, new BindException("Cannot assign requested address")))
                .isEqualTo(FailureKind.EPHEMERAL_PORTS_EXHAUSTED);
        assertThat(kind(Phase.CONNECT, new NoRouteToHostException("Cannot assign requested address")))
                .isEqualTo(FailureKind.EPHEMERAL_PORTS_EXHAUSTED);
        assertThat(kind(Phase.BIND, new BindException("Address already in use")))
                .isEqualTo(FailureKind.EPHEMERAL_PORTS_EXHAUSTED);
    }

    @Test
    void noNativeThreadIsThreadCreationFailedButAFullHeapIsNot() {
        assertThat(kind(Phase.START, new OutOfMemoryError("unable to create native thread: possibly out of memory or "
                + "process/resource limits reached"))).isEqualTo(FailureKind.THREAD_CREATION_FAILED);
        assertThat(kind(Phase.START, new OutOfMemoryError("Java heap space"))).isEqualTo(FailureKind.OTHER);
    }

    @Test
    void anyFailureToStartAChildIsProcessSpawnFailedWithItsReasonKept() {
        IOException e = new IOException("Cannot run program \"java\": error=24, Too many open files");
        assertThat(kind(Phase.SPAWN, e)).isEqualTo(FailureKind.PROCESS_SPAWN_FAILED);
        assertThat(FailureClassifier.raw(e)).isEqualTo("java.io.IOException: " + e.getMessage());
    }

    @Test
    void theRawMessageKeepsTheCauses() {
        IOException e = new IOException("outer", new SocketException("Connection reset"));
        assertThat(kind(Phase.READ, e)).isEqualTo(FailureKind.RESET);
        assertThat(FailureClassifier.raw(e)).contains("java.io.IOException: outer")
                .contains("java.net.SocketException: Connection reset");
    }

    @Test
    void somethingUnknownIsOther() {
        assertThat(kind(Phase.READ, new IOException("Network is unreachable"))).isEqualTo(FailureKind.OTHER);
        assertThat(kind(Phase.READ, new IOException((String) null))).isEqualTo(FailureKind.OTHER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FailureKind.class)
    void everyKindHasALabelAndOneSentenceSayingWhichSideRanOutOfWhat(FailureKind k) {
        assertThat(k.label()).matches("[a-z-]+");
        assertThat(k.explain()).endsWith(".").hasSizeGreaterThan(40);
        assertThat(FailureKind.ofLabel(k.label())).isEqualTo(k);
    }

    @Test
    void labelsAreUnique() {
        Set<String> labels = new HashSet<>();
        Arrays.stream(FailureKind.values()).forEach(k -> assertThat(labels.add(k.label())).isTrue());
    }
}
