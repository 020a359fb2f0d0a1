package timelab.experiment;

import java.util.List;
import java.util.Objects;
import timelab.client.ClientStrategy;

/**
 * What {@code timelab limit} found for one strategy against one server.
 *
 * @param strategy the client strategy
 * @param serverModel the server: a model's child, or {@code external} for a running server
 * @param maximum the most concurrent clients held with zero failures (0: even the first step failed)
 * @param stop why the search stopped: {@code converged}, {@code ceiling} or {@code time}
 * @param firstBad the smallest step that failed, {@code null} when none did
 * @param resource what ran out
 * @param reason the limit in one paragraph, with its evidence
 * @param steps every step in the order it ran
 * @param seconds how long the search took
 */
public record LimitResult(ClientStrategy strategy, ServerUnderTest serverModel, int maximum, LimitSearch.Stop stop,
        Run firstBad, Resource resource, String reason, List<Run> steps, double seconds) {

    public LimitResult {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(serverModel, "serverModel");
        Objects.requireNonNull(resource, "resource");
        steps = List.copyOf(steps);
    }
}
