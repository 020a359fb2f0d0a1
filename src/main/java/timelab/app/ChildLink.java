package timelab.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import timelab.fork.Message;
import timelab.fork.Messages;

/**
 * What {@link ServerMain} and {@link ClientMain} share as forked children: the spec as the first line of standard
 * input (JSON, {@link AppJson}), never the arguments; the app run on the caller's thread with standard output as
 * {@code out}; a control thread that reads the rest of standard input and stops the app on {@link Message.Stop} or at
 * its end (the parent is gone); the app's exit code, 2 for a spec that cannot be read (one line on {@code err} says
 * why).
 */
final class ChildLink {

    /** An app's body: runs it to the end. */
    @FunctionalInterface
    interface Body {
        ExitCode run() throws IOException, InterruptedException;
    }

    /** A started app: its body, and how to end it early (any thread). */
    record App(Body body, Runnable stop) {
        App {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(stop, "stop");
        }
    }

    /** Makes the app of a spec. */
    @FunctionalInterface
    interface Factory<T> {
        App create(T spec, PrintWriter out, PrintWriter err);
    }

    private ChildLink() {}

    /** The JVM's entry: {@link #run} on standard input, output and error, then exits with its code. */
    static <T> void main(String side, Class<T> type, Factory<T> factory) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(side, type, factory, in, out, err));
    }

    /**
     * Reads the spec of {@code side} ({@code server}, {@code client}) from {@code in}, then runs its app until it is
     * done or {@code in} says stop or ends.
     */
    static <T> int run(String side, Class<T> type, Factory<T> factory, BufferedReader in, PrintWriter out,
            PrintWriter err) {
        T spec;
        try {
            String line = in.readLine();
            if (line == null) {
                throw new IllegalArgumentException("standard input ended before the spec line");
            }
            spec = AppJson.read(line, type);
        } catch (IOException | IllegalArgumentException e) {
            err.println("timelab " + side + " child: bad spec: " + e.getMessage());
            return 2;
        }
        App app = factory.create(spec, out, err);
        stopOnMessageOrEnd(in, "timelab-" + side + "-child-control", app.stop());
        try {
            return app.body().run().code();
        } catch (IOException | RuntimeException e) {
            err.println("timelab: " + e.getMessage());
            return ExitCode.ERROR.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("timelab: interrupted");
            return ExitCode.ERROR.code();
        }
    }

    private static void stopOnMessageOrEnd(BufferedReader in, String name, Runnable stop) {
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try (in) {
                String line;
                while ((line = in.readLine()) != null
                        && !(Messages.decode(line).orElse(null) instanceof Message.Stop)) {
                    // only stop means anything to a child app
                }
            } catch (IOException e) {
                // the parent is gone: stop, as below
            }
            stop.run();
        });
    }
}
