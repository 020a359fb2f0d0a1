/**
 * The command line: picocli commands, their option mixins and converters. The only package that knows picocli.
 *
 * <p>Commands are thin: each turns its options into the records the other packages take (a record's
 * {@link java.lang.IllegalArgumentException} becomes a usage error, exit code 2, through {@code Usage}) and hands
 * them to an application ({@link timelab.app.ServerApp}, {@link timelab.app.ClientApp}) or an experiment. An option
 * that several commands share is declared once, in a mixin: {@code PoolSizeOption}, {@code JfrOption},
 * {@code TimeoutOptions}, {@code ReportOption}; the server's and the client's option groups are mixins too
 * ({@code ListenOptions}, {@code ConnectionOptions}, {@code TargetOptions}, {@code ExchangeOptions},
 * {@code SpawningOptions}, {@code ClientOutputOptions}). Signals (Ctrl-C, SIGTERM) are wired here, to the
 * application's {@code stop()}.
 *
 * <p>Public: {@link timelab.cli.TimelabCommand#run}, what {@code timelab.Main} calls. Everything else is
 * package-private.
 */
package timelab.cli;
