package timelab.measure;

/**
 * Supplies a side's own counts once a second while a recording has {@code timelab.Concurrency} enabled. Called on
 * JFR's periodic-task thread: must be thread-safe, quick, and must not block.
 */
@FunctionalInterface
public interface ConcurrencySource {

    ConcurrencyCounts counts();
}
