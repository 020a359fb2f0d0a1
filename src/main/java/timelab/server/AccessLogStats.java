package timelab.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a server's access log has done so far.
 *
 * @param file the log file
 * @param written lines handed to the operating system whole (after {@code close}: all of them forced to disk)
 * @param lost lines recorded but never written because the log failed (complete after {@code close}); 0 unless
 *     {@code failure} is set
 * @param failure why the log stopped, or {@code null} while it works
 */
public record AccessLogStats(Path file, long written, long lost, String failure) {

    public AccessLogStats {
        Objects.requireNonNull(file, "file");
    }
}
