package timelab.client;

/**
 * What carries clients inside this JVM ({@link InProcessEngine}): threads each running a blocking
 * connection ({@link Launcher}, {@link BlockingDriver}), or selectors running the same {@link ClientSession}s without
 * blocking ({@link SelectorDriver}). Made by the one
 * switch over {@link ClientStrategy} in {@link LoadGenerator}.
 */
sealed interface Carrier permits Launcher, SelectorDriver {

    /** The most clients carried at once ({@link Long#MAX_VALUE}: no cap of its own). */
    long cap();

    /** Ends the carrier's own threads (a pool's, the loops'); every client has finished by then. */
    void close();
}
