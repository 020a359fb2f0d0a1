package timelab.client.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An AppCDS archive of the classes a child JVM loads (Jackson, HdrHistogram, timelab's client), so that children
 * map them instead of parsing and verifying them again. Made once per jar and JDK by a training run
 * ({@code -XX:ArchiveClassesAtExit}, {@link ChildMain} {@code --train}) and kept in the temp directory; written
 * under a temporary name and moved into place, so concurrent runs never see half an archive. CDS only archives
 * classes from jars: with directories on the class path (tests run from {@code target/classes}) there is none.
 *
 * @param path the archive, or {@code null}
 * @param status "on: …" or "off: why", for the run's JSON
 */
record CdsArchive(Path path, String status) {

    static CdsArchive off(String why) {
        return new CdsArchive(null, "off: " + why);
    }

    /** Finds or trains the archive for this java and class path; never throws. */
    static CdsArchive prepare(String java, List<String> classpath) {
        for (String entry : classpath) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return off("the class path has a non-jar entry (" + entry + "); CDS archives only jars");
            }
        }
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "timelab-cds");
            Files.createDirectories(dir);
            Path archive = dir.resolve(key(java, classpath) + ".jsa");
            if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
                return new CdsArchive(archive, "on: " + archive + " (reused)");
            }
            Path tmp = Files.createTempFile(dir, "training-", ".jsa");
            Files.delete(tmp); // the JVM writes it
            long t0 = System.nanoTime();
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(ChildCommand.cheapOptions(1));
            cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classpath));
            cmd.add(ChildCommand.MAIN);
            cmd.add("--train");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return off("the training run did not finish in 120 s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(tmp);
                return off("the training run failed (exit code " + p.exitValue() + ")");
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new CdsArchive(archive, String.format("on: %s (trained in %.1f s)", archive,
                    (System.nanoTime() - t0) / 1e9));
        } catch (IOException e) {
            return off("cannot prepare it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return off("interrupted");
        }
    }

    /** Changes whenever the JDK or a jar changes. */
    private static String key(String java, List<String> classpath) throws IOException {
        StringBuilder b = new StringBuilder(java).append('\n').append(Runtime.version()).append('\n');
        for (String entry : classpath) {
            Path p = Path.of(entry);
            b.append(entry).append(' ').append(Files.size(p)).append(' ')
                    .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
