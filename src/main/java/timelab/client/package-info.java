/**
 * The load client ({@code timelab client}): simulated clients of the TIME (or charcount, or any line) server, run
 * by one of five strategies behind one interface ({@link timelab.client.ClientStrategy}: platform threads, a fixed
 * pool, a cached pool, virtual threads, child JVMs), every one doing the same per-connection work.
 *
 * <p>Public: the strategy, the plan ({@link timelab.client.LoadPlan}), the run ({@link timelab.client.LoadRun}) and
 * its result ({@link timelab.client.ClientRun}, the JSON), the outcome of a connection ({@link
 * timelab.client.Outcome}, {@link timelab.client.FailureKind} with a sentence per kind), the observation hook
 * ({@link timelab.client.ClientObserver}). The child-JVM engine of the {@code process} strategy is its own package,
 * {@code timelab.client.process}; the engine parts it builds on ({@code Engine}, {@code RunSpec}, {@code Tally},
 * {@code Runs}, {@code Sampler}, {@code Schedule}, {@code StopSignal}, {@code InProcessEngine.resolve},
 * {@code FailureClassifier.raw}, {@code ClientJson}) are public for it and for {@code timelab.fork} only.
 * Everything else is package-private machinery. Threads are named {@code timelab-client-…}; failures are data,
 * never stack traces.
 */
package timelab.client;
