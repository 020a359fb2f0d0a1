/**
 * Observation that never changes what it observes: the {@code /proc} reader ({@link timelab.measure.ProcessProbe},
 * {@link timelab.measure.ProcessSample}); timelab's JFR events (category "timelab": {@code timelab.Connection},
 * {@code timelab.ClientRequest}, {@code timelab.Concurrency}) and how a side records them
 * ({@link timelab.measure.JfrRecording}, {@link timelab.measure.ConcurrencyEvents} fed by a
 * {@link timelab.measure.ConcurrencySource}'s {@link timelab.measure.ConcurrencyCounts},
 * {@link timelab.measure.ServerEvents} for a server, {@link timelab.measure.ClientRequestEvent} for a client);
 * reading recordings back ({@link timelab.measure.JfrSummary} into a {@link timelab.measure.RecordingSummary} and the
 * {@link timelab.measure.Timeline}s, from the event stream by {@code EventTimelines}, that the report's charts and
 * {@code report.SummaryChart} draw); the one periodic sampler
 * ({@link timelab.measure.PeriodicSampler}: the client's peaks, an experiment's extremes); and JSON thread dumps
 * ({@link timelab.measure.ThreadDumps}, {@link timelab.measure.PeakThreadDump}).
 *
 * <p>Public: the types named above, for {@code app}, {@code client}, {@code experiment}, {@code report} and
 * {@code cli}; the connection and concurrency events themselves ({@code ConnectionEvent}, {@code ConcurrencyEvent})
 * and their base ({@code TimelabEvent}) are package-private. Uses {@code server} only to observe it
 * ({@code ServerEvents} is a {@code ServerObserver}). JFR annotations live only here.
 *
 * <p>Threads: a {@code PeriodicSampler} runs on the platform daemon thread it is named with
 * ({@code timelab-client-sampler}, {@code timelab-experiment-watch}); a {@code PeakThreadDump} writes on
 * {@code timelab-peak-dump}; a {@code ConcurrencySource} is called on JFR's periodic-task thread and must not block;
 * {@code ServerEvents} is called on the server's threads.
 */
package timelab.measure;
