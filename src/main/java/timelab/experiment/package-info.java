/**
 * Experiments that answer the coursework's questions with measurements: the limit search, the strategy × model
 * matrix and the backlog experiment. They drive the client and a server, each a child JVM that reads its typed config
 * from standard input ({@link timelab.experiment.ServerProcess}, {@link timelab.experiment.ClientProcess}), and hand
 * their results to the report.
 *
 * <p>Closed sets stay typed here: a {@link timelab.experiment.Run} carries its {@link timelab.client.ClientStrategy},
 * its {@link timelab.experiment.ServerUnderTest} (a model's child, or an external {@code HOST:PORT}) and its failures
 * by {@link timelab.client.FailureKind}; Jackson writes their labels, so report.json (schema 1) shows the same names.
 */
package timelab.experiment;
