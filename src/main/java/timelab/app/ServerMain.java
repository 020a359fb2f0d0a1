package timelab.app;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.InstantSource;
import timelab.fork.Message;

/**
 * A server as a forked child JVM (not a user command): reads its {@link ServerAppConfig} as the first line of its
 * standard input (JSON, {@link AppJson}), never from its arguments, and runs a {@link ServerApp} on it with its
 * standard output as {@code out} — with {@link StatusFormat#JSON} in the config, the parent reads
 * {@link Message.Listening} and the status messages there. It stops on {@link Message.Stop} or at the end of its input
 * (the parent is gone), and exits with the app's exit code; 2 for a spec it cannot read (one line on standard error
 * says why).
 */
public final class ServerMain {

    private ServerMain() {}

    public static void main(String... args) {
        ChildLink.main("server", ServerAppConfig.class, ServerMain::app);
    }

    /** Reads the spec from {@code in}, then serves until {@code in} says stop or ends. */
    static int run(BufferedReader in, PrintWriter out, PrintWriter err) {
        return ChildLink.run("server", ServerAppConfig.class, ServerMain::app, in, out, err);
    }

    private static ChildLink.App app(ServerAppConfig config, PrintWriter out, PrintWriter err) {
        ServerApp app = new ServerApp(config, out, err, InstantSource.system());
        return new ChildLink.App(app::run, app::stop);
    }
}
