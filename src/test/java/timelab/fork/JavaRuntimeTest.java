package timelab.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --java}'s probe: a real {@code java -XshowSettings:properties -version} per case, or a real script. */
class JavaRuntimeTest {

    @Test
    void theRunningJdksHomeProbesAsTheRunningJdk() {
        JavaRuntime probed = JavaRuntime.probe(Path.of(System.getProperty("java.home")));

        assertThat(probed.jdk()).isEqualTo(Jdk.current());
        assertThat(probed.executable()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Test
    void aJavaExecutableIsTakenAsItIs() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertThat(JavaRuntime.probe(java)).isEqualTo(new JavaRuntime(java.toString(), Jdk.current()));
    }

    @Test
    void aMissingPathIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-jdk");
        assertThatThrownBy(() -> JavaRuntime.probe(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(missing + " does not exist");
    }

    @Test
    void aFolderWithoutBinJavaIsNotAJdkHome(@TempDir Path dir) {
        assertThatThrownBy(() -> JavaRuntime.probe(dir)).hasMessage(dir + " is not a JDK home: it has no bin/java");
    }

    @Test
    void aFileThatIsNotExecutableIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("java"), "not a program");
        assertThatThrownBy(() -> JavaRuntime.probe(file)).hasMessage(file + " is not executable");
    }

    @Test
    void aProgramThatIsNotAJavaIsNamedWithWhatItSaid(@TempDir Path dir) throws IOException {
        Path script = script(dir, "echo 'hello from a script'; exit 3");
        assertThatThrownBy(() -> JavaRuntime.probe(script))
                .hasMessage(script + " is not a java (-version exited with 3: hello from a script)");
    }

    @Test
    void aJavaOlderThan21IsRefused(@TempDir Path dir) throws IOException {
        Path script = script(dir, "printf 'Property settings:\\n    java.home = /old\\n    java.vendor = Old\\n"
                + "    java.version = 17.0.15\\n\\nopenjdk version \"17.0.15\"\\n' >&2");
        assertThatThrownBy(() -> JavaRuntime.probe(script))
                .hasMessage(script + " is Java 17.0.15; timelab needs 21 or later");
    }

    @Test
    void whatAJava21SaysIsWhatIsRecorded(@TempDir Path dir) throws IOException {
        Path script = script(dir, "printf 'Property settings:\\n    java.home = /opt/jdk21\\n"
                + "    java.vendor = Debian\\n    java.vendor.url = https://tracker.debian.org\\n"
                + "    java.version = 21.0.13\\n    java.version.date = 2026-10-20\\n' >&2");
        assertThat(JavaRuntime.probe(script))
                .isEqualTo(new JavaRuntime(script.toString(), new Jdk("21.0.13", "Debian", "/opt/jdk21")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"21.0.13, 21", "25, 25", "26-ea, 26", "1.8.0_392, 8", "17.0.15, 17", "unknown, -1"})
    void theFeatureReleaseIsReadFromTheVersion(String version, int feature) {
        assertThat(new Jdk(version, "v", "/h").feature()).isEqualTo(feature);
    }

    private static Path script(Path dir, String body) throws IOException {
        Path script = dir.resolve("java");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
