package timelab.fork;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The command line of a child JVM as a value: what launches it (e.g. {@code prlimit --nofile=96:96 --}, usually
 * nothing), the {@code java} binary, JVM options, what to run (a main class on a class path, or a jar) and the
 * program's arguments. {@link #toList()} is a pure function: an argument list, never a shell string, so it is tested
 * without a process. A child that takes a spec gets it on standard input ({@link Messages#writeSpec}), not here.
 *
 * @param launcher what runs the JVM, empty for nothing
 * @param java the java binary
 * @param jvmOptions JVM options, in order (later ones win)
 * @param entry the class path and main class, or the jar
 * @param args the program's arguments
 */
public record JvmCommand(List<String> launcher, String java, List<String> jvmOptions, Entry entry,
        List<String> args) {

    /** What the JVM runs. */
    public sealed interface Entry {
        /** {@code -cp ENTRIES MAIN}. */
        record ClassPath(List<String> entries, String mainClass) implements Entry {
            public ClassPath {
                entries = List.copyOf(entries);
                Objects.requireNonNull(mainClass, "mainClass");
            }
        }

        /** {@code -jar JAR}. */
        record Jar(Path jar) implements Entry {
            public Jar {
                Objects.requireNonNull(jar, "jar");
            }
        }
    }

    /** The command line's main class. */
    public static final String TIMELAB_MAIN = "timelab.Main";

    public JvmCommand {
        launcher = List.copyOf(launcher);
        Objects.requireNonNull(java, "java");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(entry, "entry");
        args = List.copyOf(args);
    }

    /** {@code mainClass} on this JVM's own {@code java} and class path, no options, no arguments. */
    public static JvmCommand ofCurrentJvm(String mainClass) {
        return on(JavaRuntime.current(), mainClass);
    }

    /**
     * {@code mainClass} on {@code java}'s executable (this JVM's or another JDK's, {@code --java}) with this JVM's
     * class path, no options, no arguments: the one place a child's executable is chosen.
     */
    public static JvmCommand on(JavaRuntime java, String mainClass) {
        return new JvmCommand(List.of(), java.executable(), List.of(),
                new Entry.ClassPath(currentClasspath(), mainClass), List.of());
    }

    /** {@code timelab args…} ({@code timelab.Main}) on this JVM's java and class path with the JVM options. */
    public static JvmCommand timelab(List<String> jvmOptions, List<String> args) {
        return ofCurrentJvm(TIMELAB_MAIN).withJvmOptions(jvmOptions).withArgs(args);
    }

    public JvmCommand withLauncher(List<String> l) {
        return new JvmCommand(l, java, jvmOptions, entry, args);
    }

    public JvmCommand withJvmOptions(List<String> o) {
        return new JvmCommand(launcher, java, o, entry, args);
    }

    public JvmCommand withArgs(List<String> a) {
        return new JvmCommand(launcher, java, jvmOptions, entry, a);
    }

    /** The whole command. */
    public List<String> toList() {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(java);
        cmd.addAll(jvmOptions);
        switch (entry) {
            case Entry.ClassPath cp -> {
                cmd.add("-cp");
                cmd.add(String.join(File.pathSeparator, cp.entries()));
                cmd.add(cp.mainClass());
            }
            case Entry.Jar jar -> {
                cmd.add("-jar");
                cmd.add(jar.jar().toString());
            }
        }
        cmd.addAll(args);
        return List.copyOf(cmd);
    }

    /**
     * This JVM's java: its home's {@code bin/java} when there is one (a JDK started through a loader wrapper, as
     * {@code bench/jdk21} makes, runs as the loader, so its process command is not a java), else its process's
     * command.
     */
    public static String currentJava() {
        Path home = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(home)) {
            return home.toString();
        }
        return ProcessHandle.current().info().command().orElse(home.toString());
    }

    /** This JVM's class path, every entry made absolute (a child may resolve it from elsewhere). */
    public static List<String> currentClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .toList();
    }
}
