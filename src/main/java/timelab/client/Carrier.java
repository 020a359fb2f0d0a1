package timelab.client;

/**
 * What carries clients inside this JVM ({@link InProcessEngine}): threads each running a blocking
 * connection ({@link Launcher}, {@link BlockingDriver}), or event loops running the same {@link ClientSession}s
 * without blocking ({@link Loops}: {@link SelectorDriver}, {@link NettyDriver}). Made by the one switch over
 * {@link ClientStrategy} in {@link LoadGenerator}.
 */
sealed interface Carrier permits Launcher, Loops {

    /** The most clients carried at once ({@link Long#MAX_VALUE}: no cap of its own). */
    long cap();

    /** Ends the carrier's own threads (a pool's, the loops'); every client has finished by then. */
    void close();

    /**
     * Why the carrier does not run on what the strategy asked for, in one line ({@code netty} on a transport that
     * could not start here), or {@code null} when it does.
     */
    default String fallback() {
        return null;
    }
}
