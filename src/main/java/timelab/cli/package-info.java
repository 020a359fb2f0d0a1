/**
 * The command line: picocli commands, their option mixins and converters. The only package that knows picocli.
 *
 * <p>Commands are thin, one class per subcommand ({@code ServerCommand}, {@code ClientCommand},
 * {@code ServerCtlCommand}, {@code LimitCommand}, {@code MatrixCommand}, {@code BacklogCommand}, {@code DemoCommand},
 * {@code JfrCommand}): each turns its options into the records the other packages take (a record's
 * {@link java.lang.IllegalArgumentException} becomes a usage error, exit code 2, through {@code Usage}) and hands
 * them to an application ({@link timelab.app.ServerApp}, {@link timelab.app.ClientApp}) or an experiment (started
 * and ended by {@code Experiments}: the report folder, the report written, the tables printed). An option that
 * several commands share is declared once, in a mixin: {@code PoolSizeOption}, {@code JfrOption},
 * {@code TimeoutOptions}, {@code ReportOption}, {@code ExperimentOptions}; the server's and the client's option
 * groups are mixins too ({@code ListenOptions}, {@code ConnectionOptions}, {@code TargetOptions},
 * {@code ExchangeOptions}, {@code SpawningOptions}, {@code ClientOutputOptions}). Every closed set arrives typed,
 * through a converter that calls the type's own parser ({@code ChoiceConverters}; {@code --status-format}'s is in
 * {@code Converters}); {@code ClientConverters} and {@code Converters} convert the other values. Signals (Ctrl-C,
 * SIGTERM) are wired here ({@code Signals}), to the application's {@code stop()}.
 *
 * <p>Public: {@link timelab.cli.TimelabCommand#run}, what {@code timelab.Main} calls; it prints to the streams it is
 * given and never calls {@code System.exit}. Everything else is package-private.
 */
package timelab.cli;
