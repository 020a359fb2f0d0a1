package timelab.app;

import java.io.BufferedReader;
import java.io.IOException;
import timelab.fork.Message;
import timelab.fork.Messages;

/**
 * What {@link ServerMain} and {@link ClientMain} share as forked children: the spec as the first line of standard
 * input, and a control thread that reads the rest of it and stops the app on {@link Message.Stop} or at its end (the
 * parent is gone).
 */
final class ChildLink {

    private ChildLink() {}

    /**
     * The spec: the first line of {@code in} as JSON ({@link AppJson}).
     *
     * @throws IllegalArgumentException when the input ends before it or it is not a valid {@code type}
     * @throws IOException when the input cannot be read
     */
    static <T> T readSpec(BufferedReader in, Class<T> type) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IllegalArgumentException("standard input ended before the spec line");
        }
        return AppJson.read(line, type);
    }

    /**
     * Starts the daemon thread {@code name} that reads {@code in} until a {@link Message.Stop} or its end, then runs
     * {@code stop}; other lines are ignored.
     */
    static Thread stopOnMessageOrEnd(BufferedReader in, String name, Runnable stop) {
        return Thread.ofPlatform().name(name).daemon().start(() -> {
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
