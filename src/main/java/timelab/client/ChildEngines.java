package timelab.client;

/**
 * Makes the engine of a {@link ClientStrategy.ChildProcesses} strategy. The child-JVM engine is a layer above this
 * package ({@code timelab.client.process.ProcessEngine}, which forks through {@code timelab.fork}), so this package
 * never names it: whoever starts a run that may fork hands it in ({@code ProcessEngine::new}), and
 * {@link LoadGenerator}'s one switch over the strategy calls it. Runs that never fork (a child JVM's own share, the
 * warm-up) pass {@link #NONE}.
 */
@FunctionalInterface
public interface ChildEngines {

    /** For runs that never fork: a {@code process} strategy is refused, naming why. */
    ChildEngines NONE = (spec, strategy, tally) -> {
        throw new IllegalArgumentException("the " + strategy.label() + " strategy cannot run here: this run starts "
                + "no child JVMs (a child JVM cannot spawn child JVMs itself)");
    };

    /** The engine that runs {@code spec}'s clients in child JVMs, counting into {@code tally}. */
    Engine engine(PlanShare spec, ClientStrategy.ChildProcesses strategy, Tally tally);
}
