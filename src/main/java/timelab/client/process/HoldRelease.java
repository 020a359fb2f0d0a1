package timelab.client.process;

/**
 * The hold across children, as bookkeeping: which children reported their first wave held (or ended), how many
 * connections they hold, and when the parent may let them all go — once every spawned child has reported and
 * spawning is over, or when forced after a silence. Not thread-safe: guarded by the engine's lock.
 */
final class HoldRelease {

    private final boolean hold;
    private int reported;
    private long open;
    private boolean spawningDone;
    private boolean released;
    private long atOnce = -1;
    private long lastEventNanos = System.nanoTime();

    HoldRelease(boolean hold) {
        this.hold = hold;
    }

    /** Child {@code c} holds {@code open} connections (counted once per child). */
    void held(Child c, long open) {
        if (!c.heldReported) {
            c.heldReported = true;
            reported++;
            this.open += open;
        }
        event();
    }

    /** Child {@code c} ended: it holds nothing any more and waits for nobody. */
    void ended(Child c) {
        if (!c.heldReported) {
            c.heldReported = true;
            reported++;
        }
        event();
    }

    /** Something happened (a child said something): the silence starts again. */
    void event() {
        lastEventNanos = System.nanoTime();
    }

    void spawningDone() {
        spawningDone = true;
    }

    /**
     * Whether the hold is to be let go now — every one of {@code spawned} children has reported (or ended) and
     * spawning is over, or {@code force}. Marks it released: true once at most.
     */
    boolean due(boolean force, int spawned) {
        if (!hold || released || !spawningDone || !(force || reported >= spawned)) {
            return false;
        }
        released = true;
        atOnce = open;
        return true;
    }

    /** Whether a hold is waiting and nobody said anything for {@code nanos}. */
    boolean silentFor(long nanos) {
        return hold && !released && System.nanoTime() - lastEventNanos > nanos;
    }

    /** Connections held at once when the hold was let go, -1 before (or without a hold). */
    long atOnce() {
        return atOnce;
    }
}
