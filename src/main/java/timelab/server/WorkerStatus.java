package timelab.server;

import java.util.Objects;

/**
 * One worker process of {@code timelab server --processes N}: its pid and its own status, as the parent read it from
 * the worker's messages (docs/guides/server.md, "Many processes on one port").
 *
 * @param pid the worker's process id
 * @param status its latest status (at shutdown: its final one)
 */
public record WorkerStatus(long pid, ServerStatus status) {

    public WorkerStatus {
        Objects.requireNonNull(status, "status");
    }
}
