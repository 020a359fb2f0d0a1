/**
 * The load client ({@code timelab client}): simulated clients of the TIME (or charcount, or any line) server, run by
 * one of seven strategies behind one interface ({@link timelab.client.ClientStrategy}: platform threads, a fixed pool,
 * a cached pool, virtual threads, selector threads, Netty's event loops, child JVMs), every one doing the same
 * per-connection work.
 *
 * <p>Public, for every user of the client: the strategy, the plan ({@link timelab.client.LoadPlan}), the generator
 * that runs a plan ({@link timelab.client.LoadGenerator}), its live {@link timelab.client.Progress} and its result
 * ({@link timelab.client.ClientRun}, the JSON), what a connection talks ({@link timelab.client.ExchangeKind}), the
 * outcome of a connection ({@link timelab.client.Outcome}, {@link timelab.client.FailureKind} with a sentence per
 * kind), the observation hook ({@link timelab.client.ClientObserver}) and {@link timelab.client.ChildEngines}, how a
 * run that may fork is handed the child-JVM engine, and {@link timelab.client.RunMerge}, the runs of a plan's
 * segments ({@code LoadPlan.Segment}, {@code --segment I/N}) merged into one ({@code timelab merge}) through the same
 * {@code Tally.addRun} the {@code process} children's reports go through. Public for {@code timelab.client.process} and
 * {@code timelab.fork} only, the engine parts they build on: {@code Engine}, {@code PlanShare}, {@code Tally},
 * {@code Results}, {@code Schedule}, {@code StopSignal}, {@code ClientPeaks}, {@code InProcessEngine.resolve},
 * {@code FailureClassifier.raw} and {@code ClientJson} (the client's one Jackson set-up, also the messages' codec).
 * Everything else is package-private machinery, in layers:
 * <ul>
 *   <li>the connection, I/O-free: {@code ClientSession} (the sequence, its outcomes and failure kinds, framed by
 *       {@code protocol.LineFramer}), {@code ReplyCheck}, {@code FailureClassifier}, {@code ConnectionPlan} (what
 *       every connection of a run shares);</li>
 *   <li>its three drivers: {@code BlockingDriver} (a blocking socket on the calling thread, with
 *       {@code ReadDeadlines}), and two kinds of {@code Loops}: {@code SelectorDriver} ({@code SelectorLoop}s
 *       carrying {@code SelectorConnection}s) and {@code NettyDriver} (Netty's event loops on io_uring, epoll or
 *       nio, {@code NettyLoop}s carrying {@code NettyConnection}s);</li>
 *   <li>the engines that start clients on schedule: {@code InProcessEngine} (on a {@code Carrier}: threads from a
 *       {@code Launcher}, or {@code Loops}) and, in its own package {@code timelab.client.process},
 *       {@code ProcessEngine} (child JVMs), each given a {@code PlanShare}, counting into a {@code Tally} that
 *       {@code Results} turns into the {@code ClientRun}. This package never names the child-JVM engine: a run
 *       that may fork is handed {@code ChildEngines} ({@code ProcessEngine::new}, from {@code timelab.app}), so
 *       the packages stay a chain, {@code client} &lt;- {@code fork} &lt;- {@code client.process} &lt;-
 *       {@code app}, with no cycle;</li>
 *   <li>around a run: {@code WarmUp}, {@code HoldGate}, {@code Schedule}, {@code StopSignal}.</li>
 * </ul>
 *
 * <p>Threads, all named {@code timelab-client-…} but Netty's ({@code timelab-netty-client-N}, named by
 * {@code timelab.netty.EventLoops}): the run's dispatcher ({@code timelab-client-dispatcher}), the strategy's
 * carriers ({@code -platform-N}, {@code -fixed-N}, {@code -cached-N}, {@code -virtual-N}, {@code -nio-N}),
 * {@code -deadlines} (blocking reads' timeouts), {@code -sampler} (the peaks) and {@code -warm-up} (the warm-up's
 * responder). A {@code LoadGenerator}'s {@code progress()} and {@code stop()} may be called from any thread; a
 * {@code ClientObserver} is called on the thread that carried the client. Failures are data, never stack traces.
 */
package timelab.client;
