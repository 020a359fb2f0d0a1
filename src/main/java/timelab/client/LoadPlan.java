package timelab.client;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import timelab.choice.Checks;

/**
 * What a client run does, independent of the strategy that carries it. Validated here, so a run never starts
 * half-configured; serialised as-is into the run's JSON ({@link ClientRun#plan()}) and handed to child JVMs.
 *
 * <p>Modes: by default each of {@code clients} clients makes one connection (count mode). With {@code duration}
 * and no {@code rate}, {@code clients} clients loop, one connection after another, until the duration is over
 * (closed model). With {@code rate} > 0, new clients start at that rate regardless of how the earlier ones fare
 * (open model, latency measured from each client's intended start); the run ends after {@code clients} clients or
 * {@code duration}, whichever comes first.
 *
 * @param host the server's host name or address
 * @param ports the server ports; client {@code n} uses {@code ports[(n-1) / sources % ports]} (more ports, more
 *     ephemeral source ports: Linux picks them per destination)
 * @param sourceAddresses local addresses to bind before connecting, round-robin by client ({@code 127.0.0.1},
 *     {@code 127.0.0.2}, …); empty = let the kernel choose
 * @param clients clients to run (count and open mode) or concurrent looping clients (closed duration mode)
 * @param requests requests per connection, 0 = connect and QUIT only
 * @param hold every client connects and waits until all are connected (or failed), then sends its requests: measures
 *     how many connections a strategy holds at once
 * @param holdFor with {@code hold}: how long the connections stay open after the last one connected, before the
 *     requests (0 = at once). Gives a server's acceptor time to take every queued connection, so that "held at once"
 *     is true on the server's side too
 * @param duration zero = count mode
 * @param rate new clients per second; 0 = closed model
 * @param ramp count/closed mode: clients start spread evenly over it; open mode: the rate grows linearly from 0 to
 *     {@code rate} over it
 * @param connectTimeout how long a connect may take
 * @param readTimeout how long a reply may take
 * @param exchange what a connection sends and what it expects back
 * @param spawning how the {@code process} strategy starts child JVMs
 * @param segment which share of the clients this process runs ({@code --segment I/N}): client {@code n} of the whole
 *     plan belongs to segment {@code (n-1) mod N} and keeps the start the whole plan gives it, so that N segments
 *     together are exactly the whole plan; {@link Segment#WHOLE} (0/1) = all of it ({@code null} in JSON written
 *     before it existed)
 */
public record LoadPlan(
        String host,
        List<Integer> ports,
        List<String> sourceAddresses,
        int clients,
        int requests,
        boolean hold,
        Duration holdFor,
        Duration duration,
        double rate,
        Duration ramp,
        Duration connectTimeout,
        Duration readTimeout,
        Exchange exchange,
        Spawning spawning,
        Segment segment) {

    public LoadPlan {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("at least one port is needed");
        }
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port must be in [1, 65535], was " + p);
            }
        }
        sourceAddresses = List.copyOf(Objects.requireNonNull(sourceAddresses, "sourceAddresses"));
        for (String a : sourceAddresses) {
            if (a.isBlank()) {
                throw new IllegalArgumentException("a source address must not be blank");
            }
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, was " + clients);
        }
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative, was " + requests);
        }
        holdFor = holdFor == null ? Duration.ZERO : holdFor; // absent in JSON written before it existed
        Checks.notNegative("hold-for", holdFor);
        if (!hold && !holdFor.isZero()) {
            throw new IllegalArgumentException("hold-for needs hold");
        }
        Checks.notNegative("duration", duration);
        Checks.notNegative("ramp", ramp);
        Checks.positive("connect-timeout", connectTimeout);
        Checks.positive("read-timeout", readTimeout);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a finite number ≥ 0, was " + rate);
        }
        if (hold && !duration.isZero()) {
            throw new IllegalArgumentException("hold and duration do not mix: hold waits for all clients to connect, "
                    + "duration keeps starting new ones");
        }
        if (connectTimeout.toMillis() > Integer.MAX_VALUE || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeouts must be below 24 days");
        }
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(spawning, "spawning");
        segment = segment == null ? Segment.WHOLE : segment;
    }

    /** A plan of the whole load (segment 0/1). */
    public LoadPlan(String host, List<Integer> ports, List<String> sourceAddresses, int clients, int requests,
            boolean hold, Duration holdFor, Duration duration, double rate, Duration ramp, Duration connectTimeout,
            Duration readTimeout, Exchange exchange, Spawning spawning) {
        this(host, ports, sourceAddresses, clients, requests, hold, holdFor, duration, rate, ramp, connectTimeout,
                readTimeout, exchange, spawning, Segment.WHOLE);
    }

    /** Defaults as on the command line: {@code clients} TIME clients of one request each to {@code host:port}. */
    public static LoadPlan time(String host, int port, int clients) {
        return new LoadPlan(host, List.of(port), List.of(), clients, 1, false, Duration.ZERO, Duration.ZERO, 0,
                Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(10), Exchange.TIME, Spawning.DEFAULT);
    }

    /** Whether new clients start at a rate (open model) rather than as fast as the strategy takes them. */
    public boolean openModel() {
        return rate > 0;
    }

    /** Whether clients loop until {@link #duration} (closed model with a duration). */
    public boolean looping() {
        return !duration.isZero() && !openModel();
    }

    public LoadPlan withClients(int n) {
        return new LoadPlan(host, ports, sourceAddresses, n, requests, hold, holdFor, duration, rate, ramp,
                connectTimeout, readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withRequests(int n) {
        return new LoadPlan(host, ports, sourceAddresses, clients, n, hold, holdFor, duration, rate, ramp,
                connectTimeout, readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withHold(boolean h) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, h, h ? holdFor : Duration.ZERO, duration,
                rate, ramp, connectTimeout, readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withHoldFor(Duration d) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, d, duration, rate, ramp,
                connectTimeout, readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withDuration(Duration d) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, holdFor, d, rate, ramp,
                connectTimeout, readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withRate(double r, Duration rampUp) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, holdFor, duration, r, rampUp,
                connectTimeout, readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withRamp(Duration r) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, holdFor, duration, rate, r,
                connectTimeout, readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withTimeouts(Duration connect, Duration read) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, holdFor, duration, rate, ramp,
                connect, read, exchange, spawning, segment);
    }

    public LoadPlan withTarget(String h, List<Integer> p, List<String> sources) {
        return new LoadPlan(h, p, sources, clients, requests, hold, holdFor, duration, rate, ramp, connectTimeout,
                readTimeout, exchange, spawning, segment);
    }

    public LoadPlan withExchange(Exchange e) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, holdFor, duration, rate, ramp,
                connectTimeout, readTimeout, e, spawning, segment);
    }

    public LoadPlan withSpawning(Spawning s) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, holdFor, duration, rate, ramp,
                connectTimeout, readTimeout, exchange, s, segment);
    }

    public LoadPlan withSegment(Segment s) {
        return new LoadPlan(host, ports, sourceAddresses, clients, requests, hold, holdFor, duration, rate, ramp,
                connectTimeout, readTimeout, exchange, spawning, s);
    }

    /** How many clients this plan's segment runs (looping mode: concurrent looping clients). */
    public int segmentClients() {
        return segment.clients(clients);
    }

    /**
     * Whether {@code other} is the same load as this one, but for the segment and what is local to a host (its
     * source addresses, how it spawns child JVMs): the test {@code timelab merge} applies to its inputs.
     */
    public boolean sameLoad(LoadPlan other) {
        return local().equals(other.local());
    }

    /**
     * What differs between this plan and {@code other} as {@link #sameLoad} sees them ({@code clients 10 vs 12}), or
     * {@code null} when they are the same load.
     */
    public String difference(LoadPlan other) {
        LoadPlan a = local();
        LoadPlan b = other.local();
        for (RecordComponent c : LoadPlan.class.getRecordComponents()) {
            try {
                Object x = c.getAccessor().invoke(a);
                Object y = c.getAccessor().invoke(b);
                if (!Objects.equals(x, y)) {
                    return c.getName() + " " + x + " vs " + y;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private LoadPlan local() {
        return new LoadPlan(host, ports, List.of(), clients, requests, hold, holdFor, duration, rate, ramp,
                connectTimeout, readTimeout, exchange, Spawning.DEFAULT, Segment.WHOLE);
    }

    /**
     * One of {@code count} segments of a plan ({@code --segment index/count}), like one of k6's execution segments:
     * client {@code n} (from 1) of the whole plan belongs to segment {@code (n-1) mod count}, striped, and keeps the
     * start time the whole plan gives it.
     *
     * @param index from 0, exactly a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX}
     * @param count how many segments the plan is cut into, ≥ 1
     */
    public record Segment(int index, int count) {

        /** The whole plan. */
        public static final Segment WHOLE = new Segment(0, 1);

        public Segment {
            if (count < 1) {
                throw new IllegalArgumentException("a plan has at least 1 segment, was " + index + "/" + count);
            }
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("segment " + index + "/" + count + " does not exist: I counts from "
                        + "0 like a Kubernetes Job's completion index, so 0 <= I < " + count);
            }
        }

        /** {@code I/N}, as on the command line. */
        public static Segment parse(String s) {
            String t = s.strip();
            int slash = t.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("a segment is I/N (I from 0, e.g. 0/3), was '" + s + "'");
            }
            try {
                return new Segment(Integer.parseInt(t.substring(0, slash).strip()),
                        Integer.parseInt(t.substring(slash + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a segment is I/N with whole numbers (I from 0, e.g. 0/3), was '"
                        + s + "'", e);
            }
        }

        /** {@code I/N}. */
        public String label() {
            return index + "/" + count;
        }

        /** Whether this is the whole plan. */
        public boolean whole() {
            return count == 1;
        }

        /** How many of a plan's {@code clients} clients belong to this segment (0 when clients &lt; N and I ≥ it). */
        public int clients(int clients) {
            return clients <= index ? 0 : (clients - index - 1) / count + 1;
        }

        /** The number (from 1, in the whole plan) of this segment's client {@code ordinal} (from 0). */
        public int client(long ordinal) {
            return Math.toIntExact(index + 1 + ordinal * count);
        }
    }

    /**
     * What one connection sends and what counts as the right answer.
     *
     * @param service {@link ExchangeKind#TIME} (reply must be {@code JAM HH:mm:ss}), {@link ExchangeKind#CHARCOUNT}
     *     (reply must be {@code <n> <sí|no>} with the right n for the message) or {@link ExchangeKind#LINE} (any
     *     line server: the reply must start with {@code expect})
     * @param send the request line without CR LF; {@code {n}} is replaced by the client's number (1, 2, …) and
     *     {@code {r}} by the request's number on its connection
     * @param expect for {@code line}: the prefix a reply must start with ({@code +PONG} for Redis); empty = any line
     * @param quit a line sent after the requests before closing ({@code QUIT}); empty = just close
     */
    public record Exchange(ExchangeKind service, String send, String expect, String quit) {

        /** The coursework's exchange: {@code TIME} → {@code JAM HH:mm:ss}, then {@code QUIT}. */
        public static final Exchange TIME = new Exchange(ExchangeKind.TIME, "TIME", "", "QUIT");

        public Exchange {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(send, "send");
            expect = expect == null ? "" : expect;
            quit = quit == null ? "" : quit;
            for (String[] f : new String[][] {{"send", send}, {"expect", expect}, {"quit", quit}}) {
                if (f[1].indexOf('\r') >= 0 || f[1].indexOf('\n') >= 0) {
                    throw new IllegalArgumentException(f[0] + " must be one line (no CR or LF)");
                }
            }
            if (send.isBlank()) {
                throw new IllegalArgumentException("the request line must not be blank (a blank line gets no reply)");
            }
            if (service == ExchangeKind.CHARCOUNT && ReplyCheck.CharCount.isQuit(ReplyCheck.fill(send, 1, 1))) {
                throw new IllegalArgumentException("the charcount message must not be QUIT (the server would close)");
            }
        }

        /** {@code charcount} with a message template ({@code abc{n}a}), then {@code QUIT}. */
        public static Exchange charcount(String message) {
            return new Exchange(ExchangeKind.CHARCOUNT, message, "", "QUIT");
        }

        /** Any line server: send {@code send}, expect a reply starting with {@code expect}, end with {@code quit}. */
        public static Exchange line(String send, String expect, String quit) {
            return new Exchange(ExchangeKind.LINE, send, expect, quit);
        }
    }

    /**
     * How the {@code process} strategy starts its child JVMs.
     *
     * @param minMemAvailableBytes admission control: no child is started while the machine's {@code MemAvailable}
     *     would drop below this; 0 = a quarter of the machine's memory
     * @param maxStarting admission control: at most this many children starting (spawned, not yet up) at once, so
     *     that JVM start-ups do not thrash the CPUs; 0 = no limit (the coursework's way)
     * @param cheap start children with the cheap flags (C1 only, serial GC, small heap and stacks, no perf data,
     *     an AppCDS archive of timelab's classes when running from a jar); false = a plain {@code java}
     * @param jvmOptions more JVM options for every child, after the cheap ones (so they win)
     */
    public record Spawning(long minMemAvailableBytes, int maxStarting, boolean cheap, List<String> jvmOptions) {

        /** Children starting at once by default: four per CPU. */
        public static final int DEFAULT_MAX_STARTING = 4 * Runtime.getRuntime().availableProcessors();

        public static final Spawning DEFAULT = new Spawning(0, DEFAULT_MAX_STARTING, true, List.of());

        public Spawning {
            if (minMemAvailableBytes < 0) {
                throw new IllegalArgumentException("min-mem-available must not be negative");
            }
            if (maxStarting < 0) {
                throw new IllegalArgumentException("max-starting must not be negative");
            }
            jvmOptions = List.copyOf(jvmOptions == null ? List.of() : jvmOptions);
            for (String o : jvmOptions) {
                if (!o.startsWith("-")) {
                    throw new IllegalArgumentException("a child JVM option starts with '-', was '" + o + "'");
                }
            }
        }
    }
}
