/**
 * The load client ({@code timelab client}): simulated clients of the TIME (or charcount, or any line) server, run by
 * one of six strategies behind one interface ({@link timelab.client.ClientStrategy}: platform threads, a fixed pool,
 * a cached pool, virtual threads, selector threads, child JVMs), every one doing the same per-connection work.
 *
 * <p>Public: the strategy, the plan ({@link timelab.client.LoadPlan}), the generator that runs a plan
 * ({@link timelab.client.LoadGenerator}) and its result ({@link timelab.client.ClientRun}, the JSON), what a
 * connection talks ({@link timelab.client.ExchangeKind}), the outcome of
 * a connection ({@link timelab.client.Outcome}, {@link timelab.client.FailureKind} with a sentence per kind), the
 * observation hook ({@link timelab.client.ClientObserver}). Everything else is package-private machinery, in layers:
 * <ul>
 *   <li>the connection, I/O-free: {@code ClientSession} (the sequence, its outcomes and failure kinds, framed by
 *       {@code protocol.LineFramer}), {@code ReplyCheck}, {@code FailureClassifier}, {@code ConnectionPlan} (what
 *       every connection of a run shares);</li>
 *   <li>its two drivers: {@code BlockingDriver} (a blocking socket on the calling thread, with
 *       {@code ReadDeadlines}) and {@code SelectorDriver} ({@code SelectorLoop}s carrying
 *       {@code SelectorConnection}s);</li>
 *   <li>the engines that start clients on schedule: {@code InProcessEngine} (on a {@code Carrier}: threads from a
 *       {@code Launcher}, or the {@code SelectorDriver}) and, in its own package {@code timelab.client.process},
 *       {@code ProcessEngine} (child JVMs), each given a {@code PlanShare}, counting into a {@code Tally} that
 *       {@code Results} turns into the {@code ClientRun}. This package never names the child-JVM engine: a run
 *       that may fork is handed {@code ChildEngines} ({@code ProcessEngine::new}, from {@code timelab.app}), so
 *       the packages stay a chain, {@code client} &lt;- {@code fork} &lt;- {@code client.process} &lt;-
 *       {@code app}, with no cycle;</li>
 *   <li>around a run: {@code WarmUp}, {@code HoldGate}, {@code Schedule}, {@code StopSignal}.</li>
 * </ul>
 * The engine parts {@code timelab.client.process} builds on ({@code Engine}, {@code PlanShare}, {@code Tally},
 * {@code Results}, {@code Schedule}, {@code StopSignal}, {@code InProcessEngine.resolve},
 * {@code FailureClassifier.raw}, {@code ClientJson}) are public for it and for {@code timelab.fork} only.
 * Threads are named {@code timelab-client-…}; failures are data, never stack traces.
 */
package timelab.client;
