package timelab.experiment;

/** What ran out first when a limit search found its maximum: the closed set of answers {@link Diagnosis} gives. */
public enum Resource {
    CLIENT_FDS("client open-file limit"),
    SERVER_FDS("server open-file limit"),
    SERVER_CONNECTIONS("server --max-connections"),
    THREADS("threads"),
    MEMORY("memory"),
    EPHEMERAL_PORTS("ephemeral ports"),
    ACCEPT_QUEUE("server accept queue (listen backlog)"),
    CHILD_PROCESSES("child JVMs"),
    SERVER_STALLED("server stalled"),
    NONE("none up to the ceiling"),
    TIME("search cut short by time"),
    UNKNOWN("unknown");

    private final String label;

    Resource(String label) {
        this.label = label;
    }

    /** The name in reports. */
    public String label() {
        return label;
    }
}
