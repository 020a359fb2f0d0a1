package timelab.app;

/**
 * The exit codes of every timelab command, with what each means: {@code timelab --help} prints this table from
 * here (docs/reference/exit-codes.md gives the same).
 */
public enum ExitCode {
    /** Done; for a load run: failures within {@code --max-failures}. */
    OK(0, "done (load runs: failures within --max-failures; experiments: they ran, what they found is in the "
            + "report)"),
    /** A load run finished with more failures than {@code --max-failures}: usable as a CI gate. */
    FAILURES(1, "a load run had more failures than --max-failures"),
    /** Bad command line: picocli printed what is wrong and the usage. */
    USAGE(2, "bad command line: one line says what is wrong, then the command's usage (on stderr)"),
    /** Could not run at all (port in use, file not writable, …): one line on stderr says why. */
    ERROR(3, "could not run (port in use, file not writable, no such recording, ...): one line on stderr says why");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** What the code means, in the words {@code timelab --help} prints. */
    public String meaning() {
        return meaning;
    }
}
