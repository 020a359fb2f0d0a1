package timelab.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The process handle with real child JVMs. */
class JvmProcessTest {

    private static final JvmProcess.Watch WATCH = new JvmProcess.Watch("test-child", 0, 3);

    private static List<String> echo() {
        return JvmCommand.ofCurrentJvm(EchoChild.class.getName()).withJvmOptions(List.of("-Xmx32m")).toList();
    }

    @Test
    void messagesGoBothWaysAndWhatIsNotAMessageGoesToTheTailWithoutStoppingThePump() throws Exception {
        Heard heard = new Heard();
        try (JvmProcess p = JvmProcess.start(echo(), WATCH, heard)) {
            p.sendSpec("echo");
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.messages.contains(new Message.Ready()));
            p.send(new Message.Go());
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.messages.contains(new Message.Held(2)));
            p.send(new Message.Stop());
            assertThat(p.await(Duration.ofSeconds(10))).isEqualTo(OptionalInt.of(7));
            assertThat(heard.exit).isEqualTo(7);
            assertThat(p.ended()).isTrue();
            assertThat(heard.messages).containsExactly(new Message.Ready(), new Message.Held(2));
            assertThat(heard.lines).containsExactly("a line that is not a message", "bye");
            assertThat(heard.unreadable).hasSize(2);
            assertThat(p.tail()).hasSize(3).last().isEqualTo("bye");
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-child-" + p.pid()));
        }
    }

    @Test
    void endOfInputEndsAChildOfTheChannel() throws Exception {
        Heard heard = new Heard();
        try (JvmProcess p = JvmProcess.start(echo(), WATCH, heard)) {
            p.sendSpec("echo");
            p.closeInput();
            assertThat(p.await(Duration.ofSeconds(30))).isEqualTo(OptionalInt.of(7));
        }
    }

    @Test
    void aKilledChildTakesItsDescendantsWithIt() throws Exception {
        Heard heard = new Heard();
        ProcessHandle grandchild;
        try (JvmProcess p = JvmProcess.start(echo(), WATCH, heard)) {
            p.sendSpec("grandchild");
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.lines.stream()
                    .anyMatch(l -> l.startsWith("grandchild ")));
            long pid = Long.parseLong(heard.lines.stream().filter(l -> l.startsWith("grandchild ")).findFirst()
                    .orElseThrow().substring("grandchild ".length()));
            grandchild = ProcessHandle.of(pid).orElseThrow();
            assertThat(grandchild.isAlive()).isTrue();
            assertThat(p.handle().descendants()).contains(grandchild);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !grandchild.isAlive());
    }

    @Test
    void aCommandThatCannotStartIsAnIOException() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JvmProcess.start(List.of("/no/such/java"), WATCH,
                new Heard())).isInstanceOf(IOException.class);
    }
}
