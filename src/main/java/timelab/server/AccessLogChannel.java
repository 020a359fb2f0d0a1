package timelab.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;

/**
 * The access log's file: whole lines in, never a torn or interleaved one out.
 *
 * <p>Contract: {@link #write} writes a batch of lines with one {@code write} per buffer of complete lines
 * ({@link #BUFFER_BYTES}); a line longer than the buffer is written alone. A line is never split between two writes
 * of different buffers, so a reader of the file sees whole lines only. {@link #force()} forces only a regular file
 * ({@code /dev/stdout} or a pipe cannot be). After a failed write, {@link #cutTornLine()} truncates the file back to
 * the end of the last complete write. The file is opened for appending ({@code O_APPEND}), created if need be.
 *
 * <p>Threads: one writer (the access log's writer thread) calls every method; only {@link #written()} may be read
 * from any thread.
 */
final class AccessLogChannel implements AutoCloseable {

    /** Bytes written at once; a longer single line is written alone. */
    static final int BUFFER_BYTES = 256 * 1024;

    private final FileChannel channel;
    private final boolean regularFile;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    /** The file's size after the last complete write (to cut a torn line away on failure). */
    private long size;
    /** Lines of the batch being (or last) written that are complete in the file. */
    private int batchWritten;
    /** Lines written in total; one writer thread, so the read-modify-write needs no atomicity. */
    private volatile long written;

    private AccessLogChannel(FileChannel channel, boolean regularFile) throws IOException {
        this.channel = channel;
        this.regularFile = regularFile;
        this.size = regularFile ? channel.size() : 0;
    }

    /**
     * Opens (creating or appending to) {@code file}.
     *
     * @throws IOException saying why in a few words ({@link #reason}), when it cannot be opened for writing
     */
    static AccessLogChannel open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("cannot open the access log " + file + ": " + reason(e), e);
        }
        try {
            return new AccessLogChannel(channel, Files.isRegularFile(file));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Writes the line of every element of {@code batch}, whole. When it throws, {@link #batchWritten()} says how
     * many of them are complete in the file.
     */
    <E> void write(List<E> batch, Function<E, byte[]> lineOf) throws IOException {
        batchWritten = 0;
        buffer.clear();
        int lines = 0;
        for (E e : batch) {
            byte[] line = lineOf.apply(e);
            if (line.length > buffer.remaining()) {
                flush(lines);
                lines = 0;
                if (line.length > buffer.capacity()) {
                    ByteBuffer alone = ByteBuffer.wrap(line);
                    while (alone.hasRemaining()) {
                        channel.write(alone);
                    }
                    wrote(line.length, 1);
                    continue;
                }
            }
            buffer.put(line);
            lines++;
        }
        flush(lines);
    }

    private void flush(int lines) throws IOException {
        if (lines == 0) {
            return;
        }
        buffer.flip();
        int bytes = buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        wrote(bytes, lines);
    }

    private void wrote(int bytes, int lines) {
        size += bytes;
        batchWritten += lines;
        written += lines;
    }

    /** Forces what was written to the disk, if the file is a regular file; does nothing otherwise. */
    void force() throws IOException {
        if (regularFile) {
            channel.force(false);
        }
    }

    /** Lines of the last {@link #write} batch that are complete in the file. */
    int batchWritten() {
        return batchWritten;
    }

    /** Lines written in total; any thread. */
    long written() {
        return written;
    }

    /** After a failed write: truncates a half-written last line away, if it can (best effort, regular files). */
    void cutTornLine() {
        if (!regularFile) {
            return;
        }
        try {
            if (channel.size() > size) {
                channel.truncate(size);
            }
        } catch (IOException ignored) {
            // the file may end in a partial line; the failure is reported either way
        }
    }

    /** Closes the file without forcing it (the writer forced it already, or failed and said so). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // every line was forced already, or the log failed and said so
        }
    }

    /** Why a file operation failed, in a few words ("permission denied"), for the operator. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
