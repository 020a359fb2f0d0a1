package timelab;

import timelab.cli.TimelabCommand;

/** {@code java -jar timelab.jar …}: runs the command line and exits with its code. */
public final class Main {

    private Main() {}

    public static void main(String... args) {
        System.exit(TimelabCommand.run(System.out, System.err, args));
    }
}
