package timelab.client;

/**
 * The one JSON line a child JVM prints on its standard output when it ends.
 *
 * @param worker the line protocol's version
 * @param run the child's result, or {@code null} when it could not run
 * @param error why it could not run, or {@code null}
 * @param processCpuSeconds the child JVM's whole CPU time when it reported, start-up included
 */
record WorkerReport(int worker, ClientRun run, String error, double processCpuSeconds) {

    static final int VERSION = 1;

    static WorkerReport of(ClientRun run) {
        return new WorkerReport(VERSION, run, null, cpu());
    }

    static WorkerReport error(String message) {
        return new WorkerReport(VERSION, null, message, cpu());
    }

    private static double cpu() {
        return timelab.measure.ProcessProbe.self().cpu().toNanos() / 1e9;
    }
}
