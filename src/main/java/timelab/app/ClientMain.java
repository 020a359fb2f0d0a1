package timelab.app;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.InstantSource;
import timelab.fork.Message;

/**
 * A client as a forked child JVM (not a user command): reads its {@link ClientAppConfig} as the first line of its
 * standard input (JSON, {@link AppJson}), never from its arguments, runs a {@link ClientApp} on it with its standard
 * output as {@code out}, and sends its run there as one {@link Message.Result} line (whatever the config's
 * {@code resultMessage} said). On {@link Message.Stop} or at the end of its input (the parent is gone) it ends the
 * load early: the clients in flight finish and the result still comes. Exits with the app's exit code; 2 for a spec
 * it cannot read (one line on standard error says why).
 */
public final class ClientMain {

    private ClientMain() {}

    public static void main(String... args) {
        ChildLink.main("client", ClientAppConfig.class, ClientMain::app);
    }

    /** Reads the spec from {@code in}, then runs the load until it is done or {@code in} says stop or ends. */
    static int run(BufferedReader in, PrintWriter out, PrintWriter err) {
        return ChildLink.run("client", ClientAppConfig.class, ClientMain::app, in, out, err);
    }

    private static ChildLink.App app(ClientAppConfig config, PrintWriter out, PrintWriter err) {
        ClientAppConfig.Output o = config.output();
        ClientApp app = new ClientApp(new ClientAppConfig(config.plan(), config.strategy(), config.warmUp(),
                new ClientAppConfig.Output(o.json(), o.verbose(), o.progress(), o.maxFailures(), true),
                config.evidence()), out, err, InstantSource.system());
        return new ChildLink.App(app::run, app::stop);
    }
}
