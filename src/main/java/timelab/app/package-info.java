/**
 * The applications: {@link timelab.app.ServerApp} and {@link timelab.app.ClientApp} own a side's whole lifecycle
 * (start, evidence, what is printed, stop order, exit code), each from one config record
 * ({@link timelab.app.ServerAppConfig}, {@link timelab.app.ClientAppConfig}) plus {@code out}, {@code err} and a
 * clock, so that the command line, a forked child JVM and a test run them the same way, in-process.
 *
 * <p>It sits between {@code client} and {@code experiment} in the package order (protocol ← service ← server ←
 * measure ← client ← app ← experiment ← report ← cli): it needs the server, the client and measure's JFR and thread
 * dumps, and an experiment that forks a side must be able to build that side's config.
 *
 * <p>Public: the two applications, their config records (they round-trip through {@link timelab.app.AppJson}),
 * {@link timelab.app.Evidence}, {@link timelab.app.ServerLines} (the server's stable text lines, also printed by
 * {@code server-ctl}), {@link timelab.app.ExitCode}, and the mains of the forked children,
 * {@link timelab.app.ServerMain} and {@link timelab.app.ClientMain} (their config on standard input, messages out).
 * The console text of the client ({@code ClientReport}), terminal detection and the children's shared link
 * ({@code ChildLink}) are package-private. No picocli here.
 */
package timelab.app;
