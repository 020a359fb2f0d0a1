/**
 * Experiments that answer the coursework's questions with measurements: the limit search, the strategy × model
 * matrix and the backlog experiment. They drive the client and a server (as a child JVM) and hand their results to
 * the report.
 */
package timelab.experiment;
