package timelab.server;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;
import timelab.work.Work;

/**
 * What one status report of {@code timelab server} says, typed: the same figures as the human status line
 * ({@link StatusLine}, docs/reference/status-line.md) and the {@code --status-format json} status message.
 *
 * @param model the model serving now
 * @param accepted connections accepted so far
 * @param active connections open now
 * @param peak the most connections open at once
 * @param requests requests answered
 * @param errors error replies
 * @param busy connections turned away at max-connections
 * @param acceptFailures accept calls that failed
 * @param noThread connections closed because no thread could be started for them
 * @param platformThreads live platform threads
 * @param peakPlatformThreads the most live platform threads
 * @param virtualThreads live virtual threads the server started
 * @param peakVirtualThreads the most of them at once
 * @param work the work each request costs
 * @param inFlight requests read and not yet answered
 * @param peakInFlight the most at once
 * @param queued requests or connections waiting for a thread or the event loop
 * @param peakQueued the most at once
 * @param openFds the process's open descriptors, -1 when unknown
 * @param rssKb the process's resident memory in KiB, -1 when unknown
 */
public record ServerStatus(ServerModel model, long accepted, long active, long peak, long requests, long errors,
        long busy, long acceptFailures, long noThread, long platformThreads, long peakPlatformThreads,
        long virtualThreads, long peakVirtualThreads, Work work, long inFlight, long peakInFlight, long queued,
        long peakQueued, long openFds, long rssKb) {

    public ServerStatus {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(work, "work");
    }

    /**
     * @param openFds the server process's open descriptors, -1 when unknown
     * @param rssBytes the server process's resident memory, -1 when unknown
     */
    public static ServerStatus of(ServerStats s, long openFds, long rssBytes) {
        return new ServerStatus(s.model(), s.accepted(), s.active(), s.peakActive(), s.requests(), s.errorReplies(),
                s.busyRejected(), s.acceptFailures(), s.closed().getOrDefault(CloseReason.NO_THREAD, 0L),
                s.platformThreads(), s.peakPlatformThreads(), s.virtualThreads(), s.peakVirtualThreads(), s.work(),
                s.inFlight(), s.peakInFlight(), s.queued(), s.peakQueued(), openFds,
                rssBytes < 0 ? -1 : rssBytes / 1024);
    }

    /**
     * The sum of the statuses of processes serving one port ({@code --processes}): every count added up, peaks
     * included (each process's own peak, so a total peak is at most their sum: the processes need not peak at the
     * same instant), descriptors and memory added up over the processes that know them (-1 when none does). The
     * model and work are the first's (every worker runs the same: a live switch is refused with workers).
     *
     * @throws IllegalArgumentException when {@code statuses} is empty
     */
    public static ServerStatus total(List<ServerStatus> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("a total needs at least one status");
        }
        ServerStatus first = statuses.getFirst();
        return new ServerStatus(first.model(), sum(statuses, ServerStatus::accepted),
                sum(statuses, ServerStatus::active), sum(statuses, ServerStatus::peak),
                sum(statuses, ServerStatus::requests), sum(statuses, ServerStatus::errors),
                sum(statuses, ServerStatus::busy), sum(statuses, ServerStatus::acceptFailures),
                sum(statuses, ServerStatus::noThread), sum(statuses, ServerStatus::platformThreads),
                sum(statuses, ServerStatus::peakPlatformThreads), sum(statuses, ServerStatus::virtualThreads),
                sum(statuses, ServerStatus::peakVirtualThreads), first.work(), sum(statuses, ServerStatus::inFlight),
                sum(statuses, ServerStatus::peakInFlight), sum(statuses, ServerStatus::queued),
                sum(statuses, ServerStatus::peakQueued), known(statuses, ServerStatus::openFds),
                known(statuses, ServerStatus::rssKb));
    }

    private static long sum(List<ServerStatus> statuses, ToLongFunction<ServerStatus> field) {
        return statuses.stream().mapToLong(field).sum();
    }

    private static long known(List<ServerStatus> statuses, ToLongFunction<ServerStatus> field) {
        long[] values = statuses.stream().mapToLong(field).filter(v -> v >= 0).toArray();
        return values.length == 0 ? -1 : Arrays.stream(values).sum();
    }
}
