package timelab.app;

/**
 * For whom {@code timelab server} prints its status: {@code human} (the banner and the key=value status line,
 * docs/reference/status-line.md) or {@code json} (for programs: {@link timelab.fork.Message} lines — a listening
 * message after the banner, a status message per interval and a final one instead of the status lines).
 */
public enum StatusFormat {
    HUMAN("human"), JSON("json");

    private final String label;

    StatusFormat(String label) {
        this.label = label;
    }

    /** As on the command line. */
    public String label() {
        return label;
    }

    /**
     * The format of a label.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static StatusFormat parse(String label) {
        for (StatusFormat f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not a status format: human or json");
    }
}
