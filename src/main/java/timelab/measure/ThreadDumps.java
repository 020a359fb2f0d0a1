package timelab.measure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * JSON thread dumps of this JVM, virtual threads included ({@code HotSpotDiagnosticMXBean.dumpThreads}, JDK 21+;
 * the same as {@code jcmd <pid> Thread.dump_to_file -format=json FILE}). A dump lists threads grouped by thread
 * container: the server's virtual threads are in the container of its virtual-thread executor.
 */
public final class ThreadDumps {

    private static final HotSpotDiagnosticMXBean DIAGNOSTIC =
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    private ThreadDumps() {}

    /**
     * Writes a JSON thread dump to {@code file}, replacing it if it exists; readers never see a half-written file
     * (it is written next to it and moved into place). Needs one free file descriptor.
     */
    public static Path dump(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(partial); // dumpThreads refuses to overwrite
        DIAGNOSTIC.dumpThreads(partial.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /**
     * How many threads a JSON dump lists.
     *
     * @param threads every thread entry
     * @param virtualThreads entries marked {@code "virtual": true} (JDK 25 marks them; -1 when the dump marks none,
     *     as older JDKs' dumps do)
     * @param containers thread containers (executors, the root)
     */
    public record Census(long threads, long virtualThreads, long containers) {}

    /** Counts the threads of a JSON dump written by {@link #dump} or jcmd, streaming (dumps can be large). */
    public static Census census(Path file) throws IOException {
        long threads = 0;
        long virtual = 0;
        long containers = 0;
        boolean marked = false;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                switch (p.currentName()) {
                    case "container" -> containers++;
                    case "tid" -> threads++;
                    case "virtual" -> {
                        marked = true;
                        if (p.nextToken() == JsonToken.VALUE_TRUE) {
                            virtual++;
                        }
                    }
                    default -> { }
                }
            }
        }
        return new Census(threads, marked ? virtual : -1, containers);
    }
}
