package timelab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs as a reader follows them: every relative link in the top-level markdown files (README.md, SECURITY.md) and
 * docs/**.md points to a file that exists (and, with a {@code #fragment} into a markdown file, to a heading there),
 * and every doc under docs/ can be reached from README.md by following links.
 */
class DocsLinksTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    @Test
    void everyRelativeLinkPointsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : allMarkdown()) {
            for (String target : links(doc)) {
                String problem = problem(doc, target);
                if (problem != null) {
                    broken.add(doc + ": " + target + " (" + problem + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyDocUnderDocsIsReachableFromTheReadme() throws IOException {
        Set<Path> reached = new HashSet<>();
        Deque<Path> next = new ArrayDeque<>(List.of(README.normalize()));
        while (!next.isEmpty()) {
            Path doc = next.pop();
            if (!reached.add(doc)) {
                continue;
            }
            for (String target : links(doc)) {
                Path file = file(doc, target);
                if (file != null && file.toString().endsWith(".md") && Files.isRegularFile(file)) {
                    next.push(file);
                }
            }
        }
        Set<Path> unreached = new TreeSet<>(docs());
        unreached.removeAll(reached);
        assertThat(unreached).as("docs no link chain from README.md reaches").isEmpty();
    }

    /** Every markdown file under docs/. */
    private static List<Path> docs() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            return files.filter(p -> p.toString().endsWith(".md")).map(Path::normalize).sorted().toList();
        }
    }

    /** The top-level markdown files (README.md first) and every markdown file under docs/. */
    private static List<Path> allMarkdown() throws IOException {
        List<Path> all = new ArrayList<>(List.of(README));
        try (Stream<Path> top = Files.list(Path.of(""))) {
            top.map(Path::normalize).filter(p -> p.toString().endsWith(".md") && !p.equals(README)).sorted()
                    .forEach(all::add);
        }
        all.addAll(docs());
        return all;
    }

    /** The link targets of a markdown file, outside fenced code blocks and inline code. */
    static List<String> links(Path doc) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(doc)) {
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** Why a link is broken, or null when it is not (or is not relative: web addresses are not checked). */
    private static String problem(Path doc, String target) {
        if (target.matches("^[a-z]+:.*")) {
            return null;
        }
        Path file = file(doc, target);
        if (file != null && !Files.exists(file)) {
            return "no such file: " + file;
        }
        int hash = target.indexOf('#');
        if (hash < 0) {
            return null;
        }
        Path page = file == null ? doc : file;
        if (!page.toString().endsWith(".md")) {
            return null;
        }
        String fragment = target.substring(hash + 1);
        return anchors(page).contains(fragment) ? null : "no heading with the anchor #" + fragment + " in " + page;
    }

    /** The file a link points to, or null for a link within the same page. */
    private static Path file(Path doc, String target) {
        if (target.matches("^[a-z]+:.*")) {
            return null;
        }
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        if (path.isEmpty()) {
            return null;
        }
        Path base = doc.getParent() == null ? Path.of("") : doc.getParent();
        return base.resolve(path).normalize();
    }

    /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces to dashes. */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        for (String line : prose(page)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String anchor = h.group(1).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String unique = anchor;
                for (int n = 1; !anchors.add(unique); n++) {
                    unique = anchor + "-" + n;
                }
            }
        }
        return anchors;
    }

    /** A markdown file's lines outside fenced code blocks (the fence lines left out too). */
    private static List<String> prose(Path doc) {
        List<String> prose = new ArrayList<>();
        boolean fenced = false;
        try {
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                } else if (!fenced) {
                    prose.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prose;
    }
}
