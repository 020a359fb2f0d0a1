package timelab.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command builder as a pure function: tested without a process. */
class JvmCommandTest {

    @Test
    void aClassPathCommandIsLauncherJavaOptionsClassPathMainThenArguments() {
        JvmCommand c = new JvmCommand(List.of("prlimit", "--nofile=96:96", "--"), "/jdk/bin/java",
                List.of("-Xmx64m", "-XX:+UseSerialGC"), new JvmCommand.Entry.ClassPath(List.of("/a.jar", "/b"),
                        "timelab.Main"), List.of("server", "--port", "0"));
        assertThat(c.toList()).containsExactly("prlimit", "--nofile=96:96", "--", "/jdk/bin/java", "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", "/a.jar:/b", "timelab.Main", "server", "--port", "0");
    }

    @Test
    void aJarCommandRunsTheJar() {
        JvmCommand c = new JvmCommand(List.of(), "java", List.of(), new JvmCommand.Entry.Jar(Path.of("t.jar")),
                List.of("--version"));
        assertThat(c.toList()).containsExactly("java", "-jar", "t.jar", "--version");
    }

    @Test
    void theCurrentJvmIsThisJavaAndThisClassPathMadeAbsolute() {
        JvmCommand c = JvmCommand.ofCurrentJvm("timelab.Main").withJvmOptions(List.of("-Xmx128m"))
                .withArgs(List.of("client"));
        List<String> cmd = c.toList();
        assertThat(cmd.get(0)).isEqualTo(JvmCommand.currentJava());
        assertThat(cmd.subList(1, 5)).containsExactly("-Xmx128m", "-cp",
                String.join(java.io.File.pathSeparator, JvmCommand.currentClasspath()), "timelab.Main");
        assertThat(JvmCommand.currentClasspath()).allMatch(e -> Path.of(e).isAbsolute());
        assertThat(cmd).noneMatch(a -> a.equals("sh") || a.equals("-c"));
    }

    @Test
    void aChildCommandStartsWithTheChosenJava() {
        JavaRuntime jdk21 = new JavaRuntime("/opt/jdk21/bin/java", new Jdk("21.0.13", "Debian", "/opt/jdk21"));
        List<String> cmd = JvmCommand.on(jdk21, "timelab.app.ServerMain").withJvmOptions(List.of("-Xmn16m")).toList();
        assertThat(cmd).startsWith("/opt/jdk21/bin/java", "-Xmn16m", "-cp").endsWith("timelab.app.ServerMain");
    }

    @Test
    void theCurrentJavaIsThisJdksOwnLauncher() {
        assertThat(JvmCommand.currentJava())
                .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Test
    void aCommandNeedsJavaAndAnEntry() {
        assertThatThrownBy(() -> new JvmCommand(List.of(), null, List.of(), new JvmCommand.Entry.Jar(Path.of("t")),
                List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JvmCommand.Entry.ClassPath(List.of(), null))
                .isInstanceOf(NullPointerException.class);
    }
}
