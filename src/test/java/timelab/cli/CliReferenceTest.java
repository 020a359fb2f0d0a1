package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/reference/cli.md against the command line's own definition: every command has a section headed by its full
 * name, every option of a command is named in that section (or in a section it links to with {@code (#anchor)}), and
 * every option the section's tables name exists. A new option without its line in the reference fails here.
 */
class CliReferenceTest {

    private static final Path REFERENCE = Path.of("docs/reference/cli.md");
    private static final Pattern HEADING = Pattern.compile("^(#{2,4}) (.+)$");
    private static final Pattern IN_PAGE_LINK = Pattern.compile("\\]\\(#([a-z0-9-]+)\\)");
    private static final Pattern TABLE_OPTION = Pattern.compile("`(--[a-z][a-z0-9-]*)");

    /** Heading text (backticks dropped) to the section's text, the heading line included. */
    private static Map<String, String> sections;

    @BeforeAll
    static void readReference() throws IOException {
        sections = sections(Files.readAllLines(REFERENCE, StandardCharsets.UTF_8));
    }

    static Stream<Named<CommandSpec>> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(new CommandLine(TimelabCommand.class).getCommandSpec(), all);
        return all.stream().filter(spec -> spec.parent() != null).map(spec -> Named.of(spec.qualifiedName(), spec));
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        spec.subcommands().values().stream()
                .map(CommandLine::getCommandSpec)
                .filter(sub -> !sub.name().equals("help"))
                .distinct()
                .forEach(sub -> collect(sub, into));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyOptionOfACommandIsInItsSection(CommandSpec command) {
        String text = documented(command);
        List<String> missing = documentedOptions(command).stream()
                .filter(name -> !text.contains("`" + name))
                .toList();
        assertThat(missing).as("options of '%s' missing from %s", command.qualifiedName(), REFERENCE).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void everyOptionTheSectionNamesExists(CommandSpec command) {
        Set<String> real = new TreeSet<>();
        command.options().forEach(o -> real.addAll(List.of(o.names())));
        List<String> unknown = tableOptions(section(command)).stream().filter(name -> !real.contains(name)).toList();
        assertThat(unknown).as("options in the section of '%s' that it does not have", command.qualifiedName())
                .isEmpty();
    }

    /** The options a user passes: the help and version flags are said once for all at the top of the page. */
    private static List<String> documentedOptions(CommandSpec command) {
        return command.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.hidden())
                .map(OptionSpec::longestName)
                .toList();
    }

    private static String section(CommandSpec command) {
        String heading = command.qualifiedName();
        assertThat(sections).as("a section headed `%s` in %s", heading, REFERENCE).containsKey(heading);
        return sections.get(heading);
    }

    /** The command's section and every section of this page it links to, such as the experiments' shared options. */
    private static String documented(CommandSpec command) {
        String own = section(command);
        StringBuilder text = new StringBuilder(own);
        Matcher m = IN_PAGE_LINK.matcher(own);
        while (m.find()) {
            String anchor = m.group(1);
            sections.forEach((heading, body) -> {
                if (anchor(heading).equals(anchor)) {
                    text.append('\n').append(body);
                }
            });
        }
        return text.toString();
    }

    /** Options named in the first cell of the section's table rows. */
    private static Set<String> tableOptions(String section) {
        Set<String> names = new TreeSet<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `--")) {
                Matcher m = TABLE_OPTION.matcher(line.substring(1, line.indexOf('|', 1)));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static Map<String, String> sections(List<String> lines) {
        Map<String, String> result = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                if (current != null) {
                    result.put(current, body.toString());
                }
                current = h.group(2).replace("`", "");
                body = new StringBuilder();
            }
            body.append(line).append('\n');
        }
        if (current != null) {
            result.put(current, body.toString());
        }
        return result;
    }

    /** GitHub's anchor of a heading: lower case, spaces to dashes, punctuation dropped. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
