package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import timelab.client.ClientStrategy;
import timelab.server.ServerModel;

/**
 * Every {@code ./timelab …} command line in the numbered labs (docs/labs) parses with the real picocli command tree,
 * so a lab never names a command, flag or value that does not exist. Parsing only: nothing runs.
 */
class LabsTest {

    private static final Path LABS = Path.of("docs", "labs");
    private static final Pattern LAB_FILE = Pattern.compile("\\d\\d-[a-z0-9-]+\\.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)");
    /** Stands for a JDK home in a lab's command line: the JDK running this test is one (21 or later). */
    private static final String JDK21 = "$(bench/jdk21)";
    private static final Pattern INLINE = Pattern.compile("`(\\./timelab [^`]+)`");
    /** A command line, after an optional prompt and environment assignments ({@code JAVA_HOME=… ./timelab …}). */
    private static final Pattern COMMAND = Pattern.compile("^(?:\\$ )?(?:[A-Z_]+=\\S+ +)*(\\./timelab .*)");

    record LabCommand(String lab, String line) {
        @Override
        public String toString() {
            return lab + ": " + line;
        }
    }

    static List<Path> labFiles() throws IOException {
        try (Stream<Path> files = Files.list(LABS)) {
            return files.filter(p -> LAB_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    static List<LabCommand> commands() throws IOException {
        List<LabCommand> all = new ArrayList<>();
        for (Path lab : labFiles()) {
            for (String line : timelabLines(Files.readAllLines(lab))) {
                all.add(new LabCommand(lab.getFileName().toString(), line));
            }
        }
        return all;
    }

    /**
     * The {@code ./timelab} lines inside fenced code blocks (continuation lines joined, prompts dropped) and the
     * inline code spans outside them that start with {@code ./timelab}.
     */
    static List<String> timelabLines(List<String> markdown) {
        List<String> found = new ArrayList<>();
        boolean fenced = false;
        StringBuilder pending = null;
        for (String raw : markdown) {
            if (raw.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                Matcher inline = INLINE.matcher(raw);
                while (inline.find()) {
                    found.add(inline.group(1));
                }
                continue;
            }
            String line = raw.strip();
            Matcher command = COMMAND.matcher(line);
            if (pending != null) {
                pending.append(' ').append(line);
            } else if (command.matches()) {
                pending = new StringBuilder(command.group(1));
            } else {
                continue;
            }
            if (pending.toString().endsWith("\\")) {
                pending.setLength(pending.length() - 1);
            } else {
                found.add(pending.toString());
                pending = null;
            }
        }
        return found;
    }

    /** Splits a shell command line as sh would (quotes, backslashes), up to a {@code #} comment or a {@code &}. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                word = flush(words, word);
            } else if ((c == '#' && word == null) || c == '&' || c == '|' || c == ';' || c == '>') {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        flush(words, word);
        return words;
    }

    private static StringBuilder flush(List<String> words, StringBuilder word) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }

    /** The arguments after {@code ./timelab}, as the shell would pass them. */
    static String[] arguments(String line) {
        List<String> words = words(line.replace(JDK21, System.getProperty("java.home")));
        assertThat(words.getFirst()).isEqualTo("./timelab");
        assertThat(String.join(" ", words)).as("a shell variable cannot be checked; write its value")
                .doesNotContain("$");
        return words.subList(1, words.size()).toArray(String[]::new);
    }

    static void parse(String line) {
        ParseResult result = new CommandLine(TimelabCommand.class).parseArgs(arguments(line));
        for (ParseResult command = result; command != null; command = command.subcommand()) {
            checkLists(command);
        }
    }

    /**
     * What a command checks when it runs, before anything starts: the experiments' lists, item by item
     * ({@code ServerModel.parse}, {@code ClientStrategy.parse}), their {@code --server-arg} flags and the server's own
     * options, as {@code timelab server} turns them into its config record.
     */
    private static void checkLists(ParseResult command) {
        for (String option : List.of("--models", "--server-model", "--strategies", "--strategy")) {
            OptionSpec matched = command.matchedOption(option);
            if (matched == null || !(matched.getValue() instanceof String list)) {
                continue;
            }
            for (String item : list.split(",")) {
                if (item.strip().equals("all")) {
                    continue;
                }
                if (option.contains("model")) {
                    ServerModel.parse(item.strip(), 2);
                } else {
                    ClientStrategy.parse(item.strip(), 2);
                }
            }
        }
        OptionSpec serverArgs = command.matchedOption("--server-arg");
        if (serverArgs != null) {
            List<String> args = serverArgs.getValue();
            ServerCommand server = new ServerCommand();
            new CommandLine(server).parseArgs(args.toArray(String[]::new));
            server.config();
        }
        if (command.commandSpec().userObject() instanceof ServerCommand server) {
            server.config();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyLabCommandParsesWithTheRealCommandTree(LabCommand command) {
        parse(command.line());
    }

    @Test
    void everyLabHasACommandToRun() throws IOException {
        assertThat(labFiles()).hasSizeGreaterThanOrEqualTo(10);
        for (Path lab : labFiles()) {
            assertThat(timelabLines(Files.readAllLines(lab))).as(lab.toString()).isNotEmpty();
        }
    }

    @Test
    void theIndexLinksEveryLabAndEveryLinkedLabExists() throws IOException {
        String index = Files.readString(LABS.resolve("README.md"));
        List<String> linked = new ArrayList<>();
        Matcher m = LINK.matcher(index);
        while (m.find()) {
            String target = m.group(1);
            if (LAB_FILE.matcher(target).matches()) {
                linked.add(target);
                assertThat(LABS.resolve(target)).as(target).exists();
            }
        }
        assertThat(linked).containsExactlyElementsOf(labFiles().stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void theCheckRejectsAFlagThatDoesNotExistAndAValueThatDoesNotParse() {
        assertThatThrownBy(() -> parse("./timelab curve --no-such-flag 1"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        assertThatThrownBy(() -> parse("./timelab curve --step-duration soon"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> parse("./timelab curve --models nio,threads"))
                .hasMessageContaining("threads");
        assertThatThrownBy(() -> parse("./timelab limit --server-arg=--backlog=0"))
                .hasMessageContaining("backlog");
        assertThatThrownBy(() -> parse("./timelab server --service charcount --reply x"))
                .hasMessageContaining("reply");
    }

    @Test
    void continuationLinesJoinAndQuotesAndCommentsAreReadAsTheShellDoes() {
        List<String> lines = timelabLines(List.of("```sh", "./timelab curve --work sleep:50ms \\",
                "    --models nio   # the loop", "$ ./timelab client --message 'abc{n}a' &", "```",
                "./timelab outside a block"));
        assertThat(lines).hasSize(2);
        assertThat(arguments(lines.get(0))).containsExactly("curve", "--work", "sleep:50ms", "--models", "nio");
        assertThat(arguments(lines.get(1))).containsExactly("client", "--message", "abc{n}a");
    }
}
