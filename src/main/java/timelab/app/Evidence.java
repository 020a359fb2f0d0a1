package timelab.app;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import timelab.measure.JfrRecording;

/**
 * What a side records about itself while it runs, besides its own output (docs/guides/evidence.md).
 *
 * @param jfr whether to record a JFR recording with {@code jfr/timelab.jfc}'s settings
 * @param jfrFile where the recording goes; {@code null}: {@code jfr/<side>-<label>-<timestamp>.jfr}
 * @param threadDumpAtPeak write a JSON thread dump once the active connections peak and hold for a second (the
 *     server only): next to the JFR file, or where the JFR file would have gone
 */
public record Evidence(boolean jfr, Path jfrFile, boolean threadDumpAtPeak) {

    /** Nothing recorded. */
    public static final Evidence NONE = new Evidence(false, null, false);

    public Evidence {
        if (!jfr && jfrFile != null) {
            throw new IllegalArgumentException("a JFR file needs a JFR recording");
        }
    }

    /** The JFR file, or the default one for {@code side} and {@code label} at {@code now}. */
    Path jfrPath(String side, String label, Instant now) {
        return jfrFile != null ? jfrFile : JfrRecording.defaultPath(side, label, now, ZoneId.systemDefault());
    }

    /** {@code dir/name.jfr} → {@code dir/name<suffix>}. */
    public static Path sibling(Path jfrFile, String suffix) {
        String name = jfrFile.getFileName().toString();
        String stem = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return jfrFile.resolveSibling(stem + suffix);
    }
}
