package timelab.server;

/**
 * Where one request's time went on the server ({@link ServerObserver#requestServed}): what the JFR event
 * {@code timelab.ServerRequest} records and {@code timelab jfr summary} summarizes.
 *
 * @param model the label of the model that served it
 * @param work the label of the work it cost
 * @param queuedNanos from when the server could first have taken it up (the connection accepted, its bytes read, or
 *     the event loop woke with it ready) until a thread or the loop began its work
 * @param workNanos in its work (the sleep, the CPU, the backend calls)
 * @param totalNanos from the same start as {@code queuedNanos} until its reply was handed to the socket
 * @param failed whether the work failed (a backend call: the client got {@code ERROR backend …})
 */
public record RequestTiming(String model, String work, long queuedNanos, long workNanos, long totalNanos,
        boolean failed) {
}
