package timelab.app;

/** The exit codes of every timelab command (docs/reference/exit-codes.md). */
public enum ExitCode {
    /** Done; for a load run: failures within {@code --max-failures}. */
    OK(0),
    /** A load run finished with more failures than {@code --max-failures}: usable as a CI gate. */
    FAILURES(1),
    /** Bad command line: picocli printed what is wrong and the usage. */
    USAGE(2),
    /** Could not run at all (port in use, file not writable, …): one line on stderr says why. */
    ERROR(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
