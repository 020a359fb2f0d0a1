package timelab.server;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The access log a server writes (docs/reference/access-log.md; docs/reference/access-log.md).
 *
 * @param file where the lines go; opened for appending, created if missing
 * @param fsync when the file is forced to disk
 * @param queueCapacity lines that may wait for the writer; when the queue is full, the threads answering requests
 *     wait (they never drop a line)
 */
public record AccessLogOptions(Path file, Fsync fsync, int queueCapacity) {

    /** Lines that may wait for the writer by default: a few MB at most, seconds of a slow disk at full load. */
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;

    /**
     * When the log is forced to disk ({@code FileChannel.force}). Whatever the mode, every line is handed to the
     * operating system as soon as the writer gets to it, and on close the log is drained and forced.
     */
    public enum Fsync {
        /** A reply leaves only after its line is written and forced (group commit: one force per batch). */
        ALWAYS,
        /** Forced once a second while lines come in (like Redis's {@code appendfsync everysec}). The default. */
        EVERYSEC,
        /** Forced only on close; otherwise the operating system decides when the lines reach the disk. */
        NO;

        /** The name on the command line: {@code always}, {@code everysec}, {@code no}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code always|everysec|no}, case-insensitively. */
        public static Fsync parse(String s) {
            for (Fsync f : values()) {
                if (f.label().equalsIgnoreCase(s.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown fsync mode '" + s + "' (choose always, everysec or no)");
        }
    }

    public AccessLogOptions {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fsync, "fsync");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("the access log queue needs room for at least 1 line, was "
                    + queueCapacity);
        }
    }

    /** {@code file}, forced every second, with the default queue. */
    public static AccessLogOptions of(Path file) {
        return new AccessLogOptions(file, Fsync.EVERYSEC, DEFAULT_QUEUE_CAPACITY);
    }

    public AccessLogOptions withFsync(Fsync f) {
        return new AccessLogOptions(file, f, queueCapacity);
    }

    public AccessLogOptions withQueueCapacity(int n) {
        return new AccessLogOptions(file, fsync, n);
    }
}
