package timelab.app;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.InstantSource;
import timelab.fork.JavaRuntime;
import timelab.fork.Message;

/**
 * A server as a forked child JVM (not a user command): reads its {@link ServerAppConfig} as the first line of its
 * standard input (JSON, {@link AppJson}), never from its arguments, and runs a {@link ServerApp} on it with its
 * standard output as {@code out} — with {@link StatusFormat#JSON} in the config, the parent reads
 * {@link Message.Listening} and the status messages there. It stops on {@link Message.Stop} or at the end of its input
 * (the parent is gone), and exits with the app's exit code; 2 for a spec it cannot read (one line on standard error
 * says why). It ignores SIGINT (its parent decides) and drains on SIGTERM as on {@link Message.Stop}. A config with
 * more than one process makes it a parent of workers ({@link ServerWorkers}), each of them a {@code ServerMain} too.
 */
public final class ServerMain {

    private ServerMain() {}

    public static void main(String... args) {
        ignoreInterrupt();
        ChildLink.main("server", ServerAppConfig.class, (config, out, err) -> {
            ChildLink.App app = app(config, out, err);
            stopOnTerminate(app.stop()); // here, not in app(): a test running run() keeps its JVM's own handlers
            return app;
        });
    }

    /** Reads the spec from {@code in}, then serves until {@code in} says stop or ends. */
    static int run(BufferedReader in, PrintWriter out, PrintWriter err) {
        return ChildLink.run("server", ServerAppConfig.class, ServerMain::app, in, out, err);
    }

    private static ChildLink.App app(ServerAppConfig config, PrintWriter out, PrintWriter err) {
        if (config.processes() > 1) { // a parent of workers, as timelab server --processes N runs
            ServerWorkers workers = new ServerWorkers(config, out, err, JavaRuntime.current());
            return new ChildLink.App(workers::run, workers::stop);
        }
        ServerApp app = new ServerApp(config, out, err, InstantSource.system());
        return new ChildLink.App(app::run, app::stop);
    }

    /**
     * SIGTERM stops the app as {@link Message.Stop} does (it drains and prints its final status): a service manager
     * or {@code timeout} signals a whole process group, workers included.
     */
    @SuppressWarnings("removal")
    private static void stopOnTerminate(Runnable stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> stop.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGTERM on this platform
        }
    }

    /**
     * Ctrl-C in a terminal reaches every process of the group: a child ignores SIGINT and lets its parent decide
     * (it stops on {@link Message.Stop} or at the end of its input), so a worker drains instead of dying.
     */
    @SuppressWarnings("removal")
    private static void ignoreInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform
        }
    }
}
