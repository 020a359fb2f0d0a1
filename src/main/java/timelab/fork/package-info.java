/**
 * Forking a JVM and talking to it, the one way every child JVM of timelab is run (JMH's runner and its binary link
 * are the model): {@link timelab.fork.JvmCommand}, a pure command builder; {@link timelab.fork.JvmProcess}, the
 * process handle (one named pump thread per child, a bounded tail of its non-message lines, SIGTERM, a kill of the
 * whole process tree, a reaper at JVM exit); and the channel — JSON lines of one sealed type,
 * {@link timelab.fork.Message}, encoded by {@link timelab.fork.Messages}. A child reads its spec (a record of its own,
 * JSON) as the first line of its standard input, never from its arguments. Which {@code java} a child runs on is a
 * {@link timelab.fork.JavaRuntime} (this JVM's, or another JDK probed once), and every process says which
 * {@link timelab.fork.Jdk} it runs on.
 *
 * <p>Public: all six. Used by the forked load client ({@code timelab.client.process}), the server's JSON status
 * output and its forked entry point ({@code timelab.app}), the experiments' server and client children and the
 * tests. It depends on {@code client} and {@code server} only for the records its messages carry
 * ({@code ClientRun}, {@code ServerStatus}, …) and the client's JSON set-up.
 *
 * <p>Threads: a {@code JvmProcess}'s listener is called on its pump thread only, in line order; everything else of
 * it may be called from any thread. The reaper is a shutdown hook, {@code timelab-fork-reaper}.
 */
package timelab.fork;
