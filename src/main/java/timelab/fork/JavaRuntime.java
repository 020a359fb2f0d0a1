package timelab.fork;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java} to run child JVMs on, and the JDK it is: this JVM's own ({@link #current()}) or another one, probed
 * once before anything starts ({@link #probe(Path)}). {@link JvmCommand} is the one place that puts its executable
 * into a command.
 *
 * @param executable the {@code java} binary (or a wrapper that runs one), absolute
 * @param jdk what it said it is
 */
public record JavaRuntime(String executable, Jdk jdk) {

    private static final long PROBE_SECONDS = 30;
    private static final int MAX_PROBE_OUTPUT = 64 * 1024;

    public JavaRuntime {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(jdk, "jdk");
    }

    /** This JVM's java and JDK. */
    public static JavaRuntime current() {
        return new JavaRuntime(JvmCommand.currentJava(), Jdk.current());
    }

    /**
     * The java of {@code path} (a JDK home, whose {@code bin/java} is taken, or a {@code java} executable), run once
     * with {@code -XshowSettings:properties -version} for its {@code java.version}, {@code java.vendor} and
     * {@code java.home}.
     *
     * @throws IllegalArgumentException in one line, naming the path, when it does not exist, cannot be run, is not a
     *     java, or is older than {@value Jdk#MINIMUM_FEATURE}
     */
    public static JavaRuntime probe(Path path) {
        Path given = path.toAbsolutePath().normalize();
        Path exe = Files.isDirectory(given) ? given.resolve("bin").resolve("java") : given;
        if (!Files.exists(given)) {
            throw new IllegalArgumentException(given + " does not exist");
        }
        if (!Files.isRegularFile(exe)) {
            throw new IllegalArgumentException(given + " is not a JDK home: it has no bin/java");
        }
        if (!Files.isExecutable(exe)) {
            throw new IllegalArgumentException(exe + " is not executable");
        }
        Jdk jdk = properties(exe);
        if (jdk.feature() < Jdk.MINIMUM_FEATURE) {
            throw new IllegalArgumentException(exe + " is Java " + jdk.version() + "; timelab needs "
                    + Jdk.MINIMUM_FEATURE + " or later");
        }
        return new JavaRuntime(exe.toString(), jdk);
    }

    private static Jdk properties(Path exe) {
        String output;
        int code;
        Process p;
        try {
            p = new ProcessBuilder(exe.toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalArgumentException(exe + " cannot be run: " + e.getMessage(), e);
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            output = new String(in.readNBytes(MAX_PROBE_OUTPUT), StandardCharsets.UTF_8);
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalArgumentException(exe + " did not answer -version within " + PROBE_SECONDS + " s");
            }
            code = p.exitValue();
        } catch (IOException e) {
            throw new IllegalArgumentException(exe + " cannot be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while probing " + exe, e);
        } finally {
            p.destroyForcibly();
        }
        Map<String, String> props = parse(output);
        if (code != 0 || !props.containsKey("java.version") || !props.containsKey("java.home")) {
            String first = output.strip().lines().findFirst().orElse("no output");
            throw new IllegalArgumentException(exe + " is not a java (-version exited with " + code + ": " + first
                    + ")");
        }
        return new Jdk(props.get("java.version"), props.getOrDefault("java.vendor", "unknown"),
                props.get("java.home"));
    }

    /** {@code key = value} lines of {@code -XshowSettings:properties}, the keys this needs. */
    static Map<String, String> parse(String output) {
        Map<String, String> props = new HashMap<>();
        output.lines().forEach(line -> {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                String key = line.substring(0, eq).strip();
                if (key.equals("java.version") || key.equals("java.vendor") || key.equals("java.home")) {
                    props.putIfAbsent(key, line.substring(eq + 3).strip());
                }
            }
        });
        return props;
    }
}
