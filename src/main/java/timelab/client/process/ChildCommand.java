package timelab.client.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import timelab.client.LoadPlan;
import timelab.fork.JvmCommand;

/**
 * The command line of a child JVM, as a pure function returning an argument list (never a shell string): the same
 * {@code java} binary and class path as the parent, the worker entry {@link ChildMain} (its spec goes to its
 * standard input), and — unless the plan asks
 * for a plain JVM — flags that make a short-lived client JVM cheap:
 *
 * <ul>
 *   <li>{@code -XX:TieredStopAtLevel=1}: C1 only; a client that lives for a second never pays C2 back;
 *   <li>{@code -XX:+UseSerialGC}: no parallel GC worker threads, smallest footprint;
 *   <li>{@code -Xmx}: small, growing with the clients the child carries ({@link #heapMiB});
 *   <li>{@code -Xss256k}: smaller stacks for the child's platform threads;
 *   <li>{@code -XX:-UsePerfData}: no {@code hsperfdata} file per JVM;
 *   <li>{@code -Xshare:auto} and, when the class path is jars only, an AppCDS archive of timelab's own classes
 *       ({@code -XX:SharedArchiveFile}, prepared once by {@link CdsArchive}).
 * </ul>
 * The measured effect is in docs/reference/report-json.md.
 */
public final class ChildCommand {

    public static final String MAIN = ChildMain.class.getName();

    private ChildCommand() {}

    /**
     * The whole command: java, JVM options, class path, main class — no arguments (the child's spec goes to its
     * standard input).
     *
     * @param java the java binary
     * @param classpath the class path entries, absolute
     * @param spawning the plan's spawning options
     * @param clientsPerChild clients each child carries (sizes the heap)
     * @param cdsArchive the AppCDS archive to use, or {@code null}
     */
    static List<String> jvm(String java, List<String> classpath, LoadPlan.Spawning spawning, int clientsPerChild,
            Path cdsArchive) {
        return new JvmCommand(List.of(), java, options(spawning, clientsPerChild, cdsArchive),
                new JvmCommand.Entry.ClassPath(classpath, MAIN), List.of()).toList();
    }

    /** The JVM options: the cheap ones (unless plain), then the plan's own (later ones win). */
    static List<String> options(LoadPlan.Spawning spawning, int clientsPerChild, Path cdsArchive) {
        List<String> o = new ArrayList<>();
        if (spawning.cheap()) {
            o.addAll(cheapOptions(clientsPerChild));
            if (cdsArchive != null) {
                o.add("-XX:SharedArchiveFile=" + cdsArchive);
            }
        }
        o.addAll(spawning.jvmOptions());
        return o;
    }

    /** The cheap flags for a child carrying {@code clients} clients. */
    static List<String> cheapOptions(int clients) {
        return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx" + heapMiB(clients) + "m", "-Xss256k",
                "-XX:-UsePerfData", "-Xshare:auto");
    }

    /**
     * Heap for a child: 32 MiB plus 16 KiB per client (sockets, virtual thread stacks, buffers — a few KiB each in
     * practice), at most 1 GiB.
     */
    static int heapMiB(int clients) {
        long mib = 32 + ((long) clients * 16 + 1023) / 1024;
        return (int) Math.min(1024, mib);
    }

}
