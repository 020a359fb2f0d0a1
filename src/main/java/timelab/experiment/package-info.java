/**
 * Experiments that answer the coursework's questions with measurements: the limit search
 * ({@link timelab.experiment.LimitExperiment}, with the pure {@link timelab.experiment.LimitSearch}), the strategy ×
 * model matrix ({@link timelab.experiment.MatrixExperiment}) and the backlog experiment
 * ({@link timelab.experiment.BacklogExperiment}). Each is a sequence of trials ({@code Trial}): a fresh server child
 * ({@link timelab.experiment.ServerProcess}, or an external server) and a client child
 * ({@link timelab.experiment.ClientProcess}), the machine watched meanwhile ({@code Extremes}), the kernel's counters
 * read before and after — then one {@link timelab.experiment.Run}, the unit of every report.
 * {@link timelab.experiment.Diagnosis} names what ran out ({@link timelab.experiment.Resource}).
 *
 * <p>Closed sets stay typed here: a {@code Run} carries its {@link timelab.client.ClientStrategy}, its
 * {@link timelab.experiment.ServerUnderTest} (a model's child, or an external {@code HOST:PORT}) and its failures
 * by {@link timelab.client.FailureKind}; Jackson writes their labels, so report.json (schema 1) shows the same names.
 *
 * <p>The children run through {@code timelab.fork}, each reading its typed config from standard input, never from
 * its arguments: the server child is {@code app.ServerMain} with a {@code ServerAppConfig} (its {@code Listening},
 * {@code Status} and {@code Final} messages are read, never its banner), the client child {@code app.ClientMain}
 * with a {@code ClientAppConfig} (its run comes back as one {@code Result} message). Both are stopped with a
 * {@code Stop} message, and killed if they do not end.
 *
 * <p>Public: the experiments and their records ({@code Run}, {@code LimitResult}, {@code BacklogRow},
 * {@link timelab.experiment.Machine}, {@code ServerUnderTest}, {@code Resource}), {@code Diagnosis},
 * {@code LimitSearch} and the two child processes, for {@code report}, {@code cli} and the tests; {@code Trial} and
 * {@code Extremes} are package-private. An experiment runs on the caller's thread; each child's output is read on
 * its pump thread ({@code timelab-experiment-server-PID}, {@code timelab-experiment-client-PID}), and every child
 * still alive when this JVM exits is killed with its descendants.
 */
package timelab.experiment;
