package timelab.server;

import java.nio.charset.StandardCharsets;
import timelab.service.Reply;

/**
 * Why a backend call of {@code --work call} failed: what follows {@code ERROR backend} in the client's reply
 * (docs/reference/protocol.md). The client's connection stays open; the backend connection is closed and opened again
 * on the next request.
 */
enum BackendFailure {
    /** Nothing listens at the backend's address. */
    REFUSED("refused"),
    /** The backend's host name does not resolve. */
    UNRESOLVED("unresolved"),
    /** The backend did not connect or answer within {@code --backend-timeout}. */
    TIMEOUT("timeout"),
    /** The backend closed the connection before its reply was complete. */
    CLOSED("closed"),
    /** The backend's reply was not one printable line of at most {@code --max-line} bytes. */
    GARBAGE("garbage"),
    /** The backend answered with an error reply of its own (its text follows). */
    ERROR("error"),
    /** Any other I/O failure (its message follows). */
    IO("io");

    private final String reason;

    BackendFailure(String reason) {
        this.reason = reason;
    }

    /** The reply the client gets: {@code ERROR backend <reason>[ <detail>]}. */
    Reply reply(String detail) {
        String text = "ERROR backend " + reason + (detail == null || detail.isBlank() ? "" : " " + detail);
        return new Reply((text + "\r\n").getBytes(StandardCharsets.US_ASCII), true);
    }

    Reply reply() {
        return reply(null);
    }

    /**
     * Checks one reply line read from the backend (without its LF): a printable ASCII line, an optional CR at its
     * end; {@code ERROR …} from the backend is a failure too.
     *
     * @return the client's reply
     */
    static Reply check(byte[] line, int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        for (int i = 0; i < end; i++) {
            if (line[i] < 0x20 || line[i] > 0x7e) {
                return GARBAGE.reply();
            }
        }
        String text = new String(line, 0, end, StandardCharsets.US_ASCII);
        if (text.startsWith("ERROR")) {
            return ERROR.reply(text.substring(5).strip());
        }
        return Reply.of(text);
    }
}
