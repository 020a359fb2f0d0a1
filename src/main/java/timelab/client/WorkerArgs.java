package timelab.client;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of a child JVM ({@link WorkerMain}): its share of the plan. {@link #toArgs()} and {@link #parse} are
 * inverse, so what the parent builds is exactly what the child checks. An argument list, never a shell string.
 *
 * @param plan the whole plan (JSON on the command line); a looping child gets the time left as its duration
 * @param strategy what carries the child's clients (never {@code process})
 * @param first the number of the child's first client
 * @param count how many clients it runs
 * @param rate its share of the plan's rate (open model), else 0
 * @param intendedStartEpochNanos a one-client child in the open model: when the parent meant it to start (epoch
 *     nanoseconds, the same clock in every process), else -1
 * @param reportConnections stream one line per finished connection back (the parent has an observer)
 */
record WorkerArgs(LoadPlan plan, ClientStrategy strategy, int first, int count, double rate,
        long intendedStartEpochNanos, boolean reportConnections) {

    WorkerArgs {
        if (strategy instanceof ClientStrategy.ChildProcesses) {
            throw new IllegalArgumentException("a child JVM cannot run the process strategy itself");
        }
        if (first < 1 || count < 1) {
            throw new IllegalArgumentException("--first and --count must be ≥ 1");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be ≥ 0");
        }
    }

    List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of("--plan", ClientJson.write(plan, false), "--strategy",
                strategy.label(), "--first", Integer.toString(first), "--count", Integer.toString(count), "--rate",
                Double.toString(rate)));
        if (intendedStartEpochNanos >= 0) {
            a.addAll(List.of("--intended-start", Long.toString(intendedStartEpochNanos)));
        }
        if (reportConnections) {
            a.add("--report-connections");
        }
        return a;
    }

    /**
     * Parses and checks a child's arguments.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static WorkerArgs parse(String... args) {
        LoadPlan plan = null;
        ClientStrategy strategy = null;
        Integer first = null;
        Integer count = null;
        double rate = 0;
        long intended = -1;
        boolean report = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--report-connections")) {
                report = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + name);
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--plan" -> plan = ClientJson.read(value, LoadPlan.class);
                    case "--strategy" -> strategy = ClientStrategy.parse(value, 1);
                    case "--first" -> first = Integer.parseInt(value);
                    case "--count" -> count = Integer.parseInt(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--intended-start" -> intended = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown argument " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            }
        }
        if (plan == null || strategy == null || first == null || count == null) {
            throw new IllegalArgumentException("needs --plan, --strategy, --first and --count");
        }
        return new WorkerArgs(plan, strategy, first, count, rate, intended, report);
    }
}
