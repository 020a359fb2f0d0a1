package timelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import timelab.app.ExitCode;
import timelab.app.ServerLines;
import timelab.measure.ProcessProbe;
import timelab.server.RemoteServerControl;
import timelab.server.ServerModel;

/**
 * {@code timelab server-ctl --pid P status|switch MODEL}: a running server's status and a live model switch, through
 * the JDK Attach API and the server's {@code timelab:type=Server} MBean.
 */
@Command(name = "server-ctl",
        mixinStandardHelpOptions = true,
        description = {
            "Shows or switches the threading model of a running timelab server on this machine, live: new "
                    + "connections go to the new model, established ones finish on the model that accepted them.",
            "Uses the JDK Attach API (same user only): the server starts its local JMX agent, reachable only from "
                    + "this host (see docs/guides/live-switch.md)."
        },
        subcommands = {ServerCtlCommand.Status.class, ServerCtlCommand.Switch.class})
final class ServerCtlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pid", required = true, paramLabel = "PID",
            description = "the server's process id (printed at start; or 'jcmd -l')")
    long pid;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: status or switch MODEL");
    }

    private void printStatus(PrintWriter out, RemoteServerControl server) throws IOException {
        out.println(ServerLines.statusLine(server.stats(), ProcessProbe.of(pid).sample()));
        out.println(ServerLines.servedLine(server.servedByModel()));
        out.flush();
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Prints the server's status line and which model served how many connections.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ServerCtlCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (RemoteServerControl server = RemoteServerControl.attach(parent.pid)) {
                parent.printStatus(spec.commandLine().getOut(), server);
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "switch", mixinStandardHelpOptions = true,
            description = "Switches new connections to MODEL; established ones finish where they are.")
    static final class Switch implements Callable<Integer> {
        @ParentCommand
        ServerCtlCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MODEL", description = "platform | fixed[:N] | cached | virtual | nio | single (to "
                + "or from netty is refused: netty accepts on a listener of its own)")
        String model;

        @Override
        public Integer call() throws IOException {
            try {
                ServerModel.parse(model, 1); // a typo is a usage error here, before attaching anywhere
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (RemoteServerControl server = RemoteServerControl.attach(parent.pid)) {
                String what;
                try {
                    what = server.switchModel(model);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
                }
                out.println("switched pid " + parent.pid + ": " + what);
                parent.printStatus(out, server);
            }
            return ExitCode.OK.code();
        }
    }
}
