package timelab.client;

/**
 * How a run is carried out: on threads of this JVM ({@link InProcessEngine}) or in child JVMs (made by the
 * {@link ChildEngines} handed to the run: {@code timelab.client.process}). {@link LoadGenerator} picks one, in its one
 * switch over the strategy.
 */
public interface Engine {

    /** Runs every client and returns the result; called once, on the run's dispatcher thread. */
    ClientRun run();

    /** A live snapshot; any thread. */
    Progress progress();

    /** Starts no more clients, releases a hold; clients in flight finish (bounded by their timeouts). Any thread. */
    void stop();
}
