package timelab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** What the tests that start child JVMs check after each test: every process they started has ended. */
public final class ChildProcesses {

    private ChildProcesses() {}

    /** Waits up to 15 s for this JVM's descendants to end, then fails naming those still alive. */
    public static void assertNoneLeftBehind() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as("child processes left behind").isEmpty());
    }
}
