/**
 * Observation that never changes what it observes: the {@code /proc} reader ({@link timelab.measure.ProcessProbe});
 * timelab's JFR events (category "timelab": {@code timelab.Connection}, {@code timelab.ClientRequest},
 * {@code timelab.Concurrency}) and how a side records them ({@link timelab.measure.JfrRecording},
 * {@link timelab.measure.ConcurrencyEvents}, {@link timelab.measure.ServerEvents}); reading recordings back
 * ({@link timelab.measure.JfrSummary}, into {@link timelab.measure.Timeline}s that {@code report.SummaryChart} draws);
 * the periodic sampler both sides' experiments use ({@link timelab.measure.PeriodicSampler}); and JSON thread dumps
 * ({@link timelab.measure.ThreadDumps}, {@link timelab.measure.PeakThreadDump}). JFR annotations live only here.
 */
package timelab.measure;
