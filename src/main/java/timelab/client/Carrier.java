package timelab.client;

/**
 * What carries clients inside this JVM ({@link InProcessEngine}): threads running the blocking {@link TimeRequest}
 * ({@link Launcher}), or event loops running the same steps without blocking ({@link EventLoops}). Made by the one
 * switch over {@link ClientStrategy} in {@link LoadRun}.
 */
sealed interface Carrier permits Launcher, EventLoops {

    /** The most clients carried at once ({@link Long#MAX_VALUE}: no cap of its own). */
    long cap();

    /** Ends the carrier's own threads (a pool's, the loops'); every client has finished by then. */
    void close();
}
