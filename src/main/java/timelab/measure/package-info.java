/**
 * Observation that never changes what it observes: the {@code /proc} reader ({@link timelab.measure.ProcessProbe}),
 * and (as they are added) samplers, latency recording and JFR events. JFR annotations live only here.
 */
package timelab.measure;
