/**
 * The applications: {@link timelab.app.ServerApp} and {@link timelab.app.ClientApp} own a side's whole lifecycle
 * (start, evidence, what is printed, stop order, exit code), each from one config record
 * ({@link timelab.app.ServerAppConfig}, {@link timelab.app.ClientAppConfig}) plus {@code out}, {@code err} and a
 * clock, so that the command line, a forked child JVM and a test run them the same way, in-process;
 * {@link timelab.app.MergeApp} is {@code timelab merge} (segment runs' JSON merged, printed with the client's own
 * summary).
 *
 * <p>It sits between {@code client.process} and {@code experiment} in the package order (protocol ← service ←
 * server ← measure ← client ← fork ← client.process ← app ← experiment ← report ← cli): it needs the server, the
 * client and its child-JVM engine (handed to a run as {@code ProcessEngine::new}), measure's JFR and thread dumps
 * and the fork package's messages, and an experiment that forks a side must be able to build that side's config.
 *
 * <p>{@link timelab.app.ServerWorkers} is {@code timelab server --processes N}: a parent that forks N
 * {@link timelab.app.ServerMain} workers on one port through {@code timelab.fork} (each watched by a package-private
 * {@code WorkerProcess}) and prints their totals.
 *
 * <p>Public: the two applications, their config records (they round-trip through {@link timelab.app.AppJson}),
 * {@link timelab.app.Evidence}, {@link timelab.app.StatusFormat} (the server's status for humans or as
 * {@code timelab.fork.Message} lines), {@link timelab.app.ServerLines} (the server's stable text lines, also printed
 * by {@code server-ctl}), {@link timelab.app.ExitCode} (with the meanings {@code timelab --help} prints),
 * {@link timelab.app.ConsoleText} (the one place console prose is wrapped to 120 columns, used by {@code report} and
 * {@code cli} too), and the mains of the forked children,
 * {@link timelab.app.ServerMain} and {@link timelab.app.ClientMain} (their config on standard input, messages out).
 * The server's status output ({@code StatusOutput}), the console text of the client ({@code ClientReport}),
 * terminal detection ({@code Terminal}) and the children's shared link ({@code ChildLink}) are package-private. No
 * picocli here.
 *
 * <p>Threads: {@code run()} runs on the caller's thread, once; {@code stop()} may be called from any thread, any
 * number of times. An application's own threads are named and gone when {@code run()} returns
 * ({@code timelab-setup} and {@code timelab-status} for the server, {@code timelab-workers-status} and one
 * {@code timelab-server-worker-PID} pump per worker for a parent of workers, {@code timelab-client-progress} for the
 * client);
 * a forked child reads its parent's messages on {@code timelab-server-child-control} or
 * {@code timelab-client-child-control}.
 */
package timelab.app;
