package timelab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import timelab.client.ClientStrategy;
import timelab.fork.JavaRuntime;
import timelab.server.ServerModel;

/**
 * {@code timelab matrix}: every client strategy against every server model at each client count, each cell a
 * {@link Trial} with its own server child and JFR on both sides.
 */
public final class MatrixExperiment {

    /**
     * @param strategies client strategies
     * @param models server models
     * @param clients client counts (each is a whole matrix)
     * @param hold whether clients hold their connections until all are connected
     * @param jfr whether both sides record JFR
     * @param java what the server and client children run on
     */
    public record Plan(List<ClientStrategy> strategies, List<ServerModel> models, List<Integer> clients, boolean hold,
            boolean jfr, Duration connectTimeout, Duration readTimeout, JavaRuntime java) {
        public Plan {
            Objects.requireNonNull(java, "java");
            strategies = List.copyOf(strategies);
            models = List.copyOf(models);
            clients = List.copyOf(clients);
            if (strategies.isEmpty() || models.isEmpty() || clients.isEmpty()) {
                throw new IllegalArgumentException("a matrix needs at least one strategy, model and client count");
            }
            if (clients.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("client counts must be at least 1");
            }
        }

        public int cells() {
            return strategies.size() * models.size() * clients.size();
        }
    }

    private MatrixExperiment() {}

    public static List<Run> run(Plan plan, Path dir, Consumer<String> log) throws IOException, InterruptedException {
        List<Run> runs = new ArrayList<>();
        int cell = 0;
        // the step lines line up: each label padded to the widest of its kind in the plan
        String step = "  [%d/%d] %-" + plan.strategies().stream().mapToInt(s -> s.label().length()).max().orElse(1)
                + "s → %-" + plan.models().stream().mapToInt(m -> m.label().length()).max().orElse(1)
                + "s %,7d clients: %,d ok, %s, %.1f s";
        for (int n : plan.clients()) {
            for (ClientStrategy strategy : plan.strategies()) {
                for (ServerModel model : plan.models()) {
                    cell++;
                    String name = String.format(Locale.ROOT, "matrix-%d-%s-%s", n,
                            LimitExperiment.fileName(strategy.label()), LimitExperiment.fileName(model.label()));
                    Trial.Spec spec = new Trial.Spec(name, strategy, new ServerUnderTest.Child(model),
                            ServerProcess.defaults(model), n, plan.hold(),
                            new Trial.Timing(plan.connectTimeout(), plan.readTimeout(), Duration.ZERO), plan.jfr(),
                            Duration.ofMinutes(10), plan.java());
                    Run run = Trial.run(spec, dir);
                    runs.add(run);
                    log.accept(String.format(Locale.ROOT, step, cell, plan.cells(), run.strategy().label(),
                            run.serverModel().label(), n, run.succeeded(),
                            run.failed() == 0 ? "0 failed" : run.failed() + " failed (" + Diagnosis.kinds(run) + ")",
                            run.wallSeconds()));
                }
            }
        }
        return runs;
    }
}
