package timelab.cli;

import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM as a callback instead of a shutdown hook, so that a server can stop gracefully and still exit
 * with status 0 (a JVM ended by a signal exits with 128 + the signal's number).
 */
final class Signals {

    private Signals() {}

    /** Runs {@code action} on the first SIGINT or SIGTERM; a second one ends the process at once (exit 130). */
    static void onTerminate(Runnable action) {
        Runnable once = new Runnable() {
            private boolean fired;

            @Override
            public synchronized void run() {
                if (fired) {
                    Runtime.getRuntime().halt(130);
                }
                fired = true;
                action.run();
            }
        };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> once.run());
            } catch (IllegalArgumentException e) {
                // the platform has no such signal: the JVM's default applies
            }
        }
    }
}
