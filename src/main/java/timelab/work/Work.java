package timelab.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import timelab.choice.Choice;

/**
 * What a server does for each request after reading it and before writing its reply ({@code timelab server --work}):
 * the closed set of work kinds. The server switches on it in one place to perform it; the experiments switch on it
 * in one place to predict what each model reaches under it.
 */
public sealed interface Work {

    /**
     * The spec as written on the command line ({@code none}, {@code sleep:50ms}, {@code call:127.0.0.1:45001x3}):
     * what banners, status lines, JSON and JFR events show; {@link #parse} reads it back.
     */
    @JsonValue
    String label();

    /** Nothing: the reply is written as soon as it is made (the default). */
    record None() implements Work {
        @Override
        public String label() {
            return "none";
        }
    }

    /**
     * A blocking sleep on the thread serving the request: a platform thread waits, a virtual thread unmounts, and
     * the event loop (or the {@code single} server) stops serving everyone else while it sleeps — on purpose.
     */
    record Sleep(Wait duration) implements Work {
        public Sleep {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String label() {
            return "sleep:" + duration.label();
        }
    }

    /**
     * The reply is delayed the way the model should wait: thread models as {@link Sleep}; the event loop with a
     * timer, serving everyone else meanwhile (Python's {@code asyncio.sleep}).
     */
    record Delay(Wait duration) implements Work {
        public Delay {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String label() {
            return "delay:" + duration.label();
        }
    }

    /** CPU work on the serving thread until its thread CPU time has grown by the wait. */
    record Cpu(Wait duration) implements Work {
        public Cpu {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String label() {
            return "cpu:" + duration.label();
        }
    }

    /**
     * A wait while holding a monitor ({@code synchronized} on a per-connection object: pinning, not contention). A
     * virtual thread pins its carrier while it waits on JDK 21–23; from JDK 24 (JEP 491) it does not.
     */
    record Pinned(Wait duration) implements Work {
        public Pinned {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String label() {
            return "pinned:" + duration.label();
        }
    }

    /**
     * {@code calls} sequential {@code TIME} round trips to a backend timelab server at {@code host:port}, on one
     * backend connection per client connection; the reply is the backend's last.
     */
    record Call(String host, int port, int calls) implements Work {
        public Call {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("call: the backend's host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("call: the backend's port must be in [1, 65535], was " + port);
            }
            if (calls < 1 || calls > 1000) {
                throw new IllegalArgumentException("call: the number of calls must be in [1, 1000], was " + calls);
            }
        }

        @Override
        public String label() {
            return "call:" + host + ":" + port + (calls == 1 ? "" : "x" + calls);
        }
    }

    /** The work kinds accepted by {@link #parse}, as a usage message lists them. */
    List<String> FORMS = List.of("none", "sleep:D", "delay:D", "cpu:D", "pinned:D", "call:HOST:PORT[xK]");

    /** No work. */
    Work NONE = new None();

    /**
     * Reads {@code none}, {@code sleep:D}, {@code delay:D}, {@code cpu:D}, {@code pinned:D} or
     * {@code call:HOST:PORT[xK]}, where D is {@code 50ms}, {@code 20ms..80ms} or {@code exp:20ms}.
     *
     * @throws IllegalArgumentException naming what is wrong and the forms accepted
     */
    @JsonCreator
    static Work parse(String spec) {
        Choice c = Choice.parse(spec);
        if (c.name().equals("none")) {
            if (c.hasArg()) {
                throw new IllegalArgumentException("work 'none' takes no argument");
            }
            return NONE;
        }
        if (!List.of("sleep", "delay", "cpu", "pinned", "call").contains(c.name())) {
            throw new IllegalArgumentException("unknown work '" + spec + "' (choose " + String.join(", ", FORMS)
                    + "; D is 50ms, 20ms..80ms or exp:20ms)");
        }
        if (!c.hasArg() || c.arg().isBlank()) {
            String needs = c.name().equals("call") ? "a backend: call:HOST:PORT[xK]"
                    : "a duration: " + c.name() + ":50ms";
            throw new IllegalArgumentException("work '" + c.name() + "' needs " + needs);
        }
        return switch (c.name()) {
            case "sleep" -> new Sleep(Wait.parse(c.arg()));
            case "delay" -> new Delay(Wait.parse(c.arg()));
            case "cpu" -> new Cpu(Wait.parse(c.arg()));
            case "pinned" -> new Pinned(Wait.parse(c.arg()));
            default -> call(spec, c.arg());
        };
    }

    private static Call call(String spec, String arg) {
        int colon = arg.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + spec + "': a call needs HOST:PORT[xK], e.g."
                    + " call:127.0.0.1:45001x3");
        }
        String portPart = arg.substring(colon + 1);
        int x = portPart.indexOf('x');
        String calls = x < 0 ? "1" : portPart.substring(x + 1);
        String port = x < 0 ? portPart : portPart.substring(0, x);
        if (!port.matches("\\d{1,5}") || !calls.matches("\\d{1,4}")) {
            throw new IllegalArgumentException("'" + spec + "': a call needs HOST:PORT[xK] with whole numbers, e.g."
                    + " call:127.0.0.1:45001x3");
        }
        return new Call(arg.substring(0, colon), Integer.parseInt(port), Integer.parseInt(calls));
    }
}
