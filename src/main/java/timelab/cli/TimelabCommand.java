package timelab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import timelab.app.ExitCode;

/** The top command, {@code timelab}: subcommands and the exit-code policy. */
@Command(name = "timelab",
        mixinStandardHelpOptions = true,
        versionProvider = TimelabCommand.Version.class,
        description = "What threading models do to a TCP server and its clients, measured.",
        subcommands = {DemoCommand.class, ServerCommand.class, ClientCommand.class, LimitCommand.class,
            MatrixCommand.class, CurveCommand.class, BacklogCommand.class, ServerCtlCommand.class, JfrCommand.class,
            MergeCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n")
public final class TimelabCommand {

    private TimelabCommand() {}

    /**
     * Runs a command line, printing to the given streams; never calls {@code System.exit}.
     *
     * @return the process exit code ({@link ExitCode})
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("timelab: " + message(e));
            return ExitCode.ERROR.code();
        });
        return cl.execute(args);
    }

    /** The command tree, every subcommand and option in it, before any output is wired. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TimelabCommand());
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            codes.put(Integer.toString(c.code()), c.meaning());
        }
        cl.getCommandSpec().usageMessage().exitCodeList(codes);
        return cl;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** The version from the build, and the JVM running it. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = TimelabCommand.class.getResourceAsStream("/timelab/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "timelab " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
