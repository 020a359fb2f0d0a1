package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import timelab.app.ExitCode;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every option and positional of every command says what it does in {@code --help}. */
class HelpTextTest {

    @Test
    void everyOptionAndPositionalOfEveryCommandHasADescription() {
        List<String> bare = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        walk(TimelabCommand.commandLine().getCommandSpec(), bare, seen);
        assertThat(seen).as("the walk reached the subcommands' options").contains("timelab client --host",
                "timelab jfr summary FILE", "timelab curve --backend-model");
        assertThat(bare).as("options and positionals without a description").isEmpty();
    }

    @Test
    void everyCommandHasADescription() {
        List<String> bare = new ArrayList<>();
        commands(TimelabCommand.commandLine().getCommandSpec(), bare);
        assertThat(bare).as("commands without a description").isEmpty();
    }

    @Test
    void theExitCodeTableListsEveryCodeAndAUsageErrorReturnsTheOneItCallsABadCommandLine() {
        CommandLineTest.Result help = CommandLineTest.run("--help");
        String table = help.out().substring(help.out().indexOf("Exit codes:"));
        for (ExitCode c : ExitCode.values()) {
            assertThat(table).contains(c.code() + "   " + c.meaning().substring(0, 20));
        }
        assertThat(ExitCode.USAGE.meaning()).startsWith("bad command line");

        CommandLineTest.Result bad = CommandLineTest.run("client", "--clients", "-3");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(bad.out()).isEmpty();
        List<String> err = bad.err().lines().toList();
        assertThat(err.get(0)).as("one line says what is wrong").contains("clients").contains("-3");
        assertThat(err.get(1)).as("then the command's usage").startsWith("Usage: timelab client");
    }

    private static void walk(CommandSpec command, List<String> bare, List<String> seen) {
        for (ArgSpec arg : command.args()) {
            String name = command.qualifiedName() + " " + (arg instanceof OptionSpec o ? o.longestName()
                    : arg.paramLabel());
            seen.add(name);
            if (String.join("", arg.description()).isBlank()) {
                bare.add(name);
            }
        }
        command.subcommands().values().forEach(sub -> walk(sub.getCommandSpec(), bare, seen));
    }

    private static void commands(CommandSpec command, List<String> bare) {
        if (String.join("", command.usageMessage().description()).isBlank()) {
            bare.add(command.qualifiedName());
        }
        command.subcommands().values().forEach(sub -> commands(sub.getCommandSpec(), bare));
    }
}
