package timelab.measure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording of one timelab side with {@code jfr/timelab.jfc}'s settings, written to
 * {@code jfr/<side>-<label>-<timestamp>.jfr} (relative to the working directory) unless a file is given.
 *
 * <p>Lifecycle: {@link #start} → the run → {@link #stop()} (or {@link #close()}), which writes the file and returns
 * its path. Should the JVM exit first, JFR still writes the file on the way out ({@code dumpOnExit}).
 *
 * <p>Recording adds a few platform threads of JFR's own to what it observes ({@code JFR Recorder Thread},
 * {@code JFR Periodic Tasks}): compare runs recorded the same way.
 */
public final class JfrRecording implements AutoCloseable {

    /** Where the settings are inside the jar: a build-time copy of {@code jfr/timelab.jfc}. */
    public static final String SETTINGS_RESOURCE = "/timelab/timelab.jfc";
    /** The default directory of recordings, relative to the working directory. */
    public static final Path DIRECTORY = Path.of("jfr");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Recording recording;
    private final Path path;
    private boolean stopped;

    private JfrRecording(Recording recording, Path path) {
        this.recording = recording;
        this.path = path;
    }

    /**
     * Starts recording.
     *
     * @param side {@code server} or {@code client}
     * @param label the server model or client strategy ({@code fixed:4} becomes {@code fixed-4} in the name)
     * @param file where to write; empty: {@link #defaultPath}
     * @throws IOException when the file's directory cannot be created or the file cannot be written
     */
    public static JfrRecording start(String side, String label, Optional<Path> file) throws IOException {
        Path path = file.orElseGet(() -> defaultPath(side, label, Instant.now(), ZoneId.systemDefault()))
                .toAbsolutePath();
        Path dir = path.getParent();
        Files.createDirectories(dir);
        if (Files.isDirectory(path) || !Files.isWritable(dir) || (Files.exists(path) && !Files.isWritable(path))) {
            throw new IOException("cannot write a JFR recording to " + path);
        }
        Recording r = new Recording(settings());
        r.setName("timelab-" + side + "-" + fileSafe(label));
        r.setToDisk(true);
        r.setDumpOnExit(true);
        r.setDestination(path);
        r.start();
        return new JfrRecording(r, path);
    }

    /** {@code jfr/<side>-<label>-<yyyyMMdd-HHmmss>.jfr}, the label made file-name safe. */
    public static Path defaultPath(String side, String label, Instant now, ZoneId zone) {
        return DIRECTORY.resolve(fileSafe(side) + "-" + fileSafe(label) + "-" + STAMP.format(now.atZone(zone))
                + ".jfr");
    }

    /** The settings of {@code jfr/timelab.jfc}, from the jar. */
    public static Configuration settings() throws IOException {
        try (InputStream in = JfrRecording.class.getResourceAsStream(SETTINGS_RESOURCE)) {
            if (in == null) {
                throw new IOException(SETTINGS_RESOURCE + " is missing from the class path (a broken build?)");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Configuration.create(reader);
            } catch (ParseException e) {
                throw new IOException(SETTINGS_RESOURCE + " is not a valid .jfc file: " + e.getMessage(), e);
            }
        }
    }

    /** The file the recording is written to (absolute). */
    public Path path() {
        return path;
    }

    /** Stops recording and writes the file; idempotent. */
    public synchronized Path stop() {
        if (!stopped) {
            stopped = true;
            recording.stop(); // writes to the destination
            recording.close();
        }
        return path;
    }

    /**
     * Stops recording without writing anything (the run never happened, e.g. the port was taken), and removes the
     * empty file JFR created at start to check it could write there; idempotent.
     */
    public synchronized void discard() {
        if (!stopped) {
            stopped = true;
            try {
                recording.setDestination(null); // stopping a recording writes it to its destination
                recording.close();
                if (Files.size(path) == 0) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                // nothing was recorded; an empty file left behind is harmless
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    static String fileSafe(String s) {
        String safe = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return safe.isEmpty() ? "unnamed" : safe;
    }
}
