package timelab.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(in, out, err));
    }

    /** Reads the spec from {@code in}, then serves until {@code in} says stop or ends. */
    static int run(BufferedReader in, PrintWriter out, PrintWriter err) {
        ServerAppConfig config;
        try {
            config = ChildLink.readSpec(in, ServerAppConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            err.println("timelab server child: bad spec: " + e.getMessage());
            return 2;
        }
        ServerApp app = new ServerApp(config, out, err, InstantSource.system());
        ChildLink.stopOnMessageOrEnd(in, "timelab-server-child-control", app::stop);
        try {
            return app.run().code();
        } catch (IOException | RuntimeException e) {
            err.println("timelab: " + e.getMessage());
            return ExitCode.ERROR.code();
        }
    }
}
