package timelab.fork;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link JvmProcess.Listener} for tests that remembers everything the pump handed over: the messages, the other
 * lines (unreadable message lines too, in {@link #unreadable} as well) and the exit code.
 */
public final class Heard implements JvmProcess.Listener {

    public final List<Message> messages = new CopyOnWriteArrayList<>();
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<String> unreadable = new CopyOnWriteArrayList<>();
    public volatile int exit = Integer.MIN_VALUE;

    @Override
    public void message(Message m) {
        messages.add(m);
    }

    @Override
    public void line(String line) {
        lines.add(line);
    }

    @Override
    public void unreadable(String line, String why) {
        unreadable.add(line);
    }

    @Override
    public void ended(int exitCode) {
        exit = exitCode;
    }
}
