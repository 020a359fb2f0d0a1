package timelab.protocol;

import java.nio.charset.StandardCharsets;

/** The protocol's error replies, each exactly as it goes on the wire (docs/reference/protocol.md). */
public enum ErrorReply {
    /** A line that is not a command of the service; the connection stays open. */
    UNKNOWN_COMMAND("ERROR unknown command"),
    /** A line longer than {@code --max-line}; the server closes the connection. */
    LINE_TOO_LONG("ERROR line too long"),
    /** A started line not finished within {@code --line-timeout}; the server closes the connection. */
    TIMEOUT("ERROR timeout"),
    /** Over {@code --max-connections}; the server closes the connection. */
    BUSY("ERROR busy");

    private final String text;
    private final byte[] wire;

    ErrorReply(String text) {
        this.text = text;
        this.wire = (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The reply without its CR LF, as the access log writes it. */
    public String text() {
        return text;
    }

    /** The reply with its CR LF; a fresh copy. */
    public byte[] wire() {
        return wire.clone();
    }
}
