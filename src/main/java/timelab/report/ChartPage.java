package timelab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * How a report page carries its charts: Apache ECharts' script ({@value #ECHARTS}, copied from the webjar on the
 * class path) and {@value #INIT} next to the page, so the report stays one folder that opens offline; each chart a
 * heading, a one-line caption, a {@code <div class="chart">} as wide as the page, and its option as JSON in a
 * {@code <script type="application/json">} right after it.
 */
final class ChartPage {

    /** The ECharts script, in the report folder. */
    static final String ECHARTS = "echarts.min.js";
    /** The script that draws every chart of the page, in the report folder. */
    static final String INIT = "timelab-charts.js";
    /** The ECharts version, as pinned in pom.xml. */
    static final String ECHARTS_VERSION = "5.3.1";

    private static final String ECHARTS_RESOURCE = "/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION
            + "/dist/echarts.min.js";
    private static final String INIT_RESOURCE = "/timelab/report/" + INIT;
    /** JSON that is safe inside a script element of HTML and XHTML alike: no {@code <}, {@code >} or {@code &}. */
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] escapes = standardAsciiEscapesForJSON();

            {
                escapes['<'] = ESCAPE_STANDARD;
                escapes['>'] = ESCAPE_STANDARD;
                escapes['&'] = ESCAPE_STANDARD;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public SerializableString getEscapeSequence(int ch) {
                return null;
            }
        });
    }

    private ChartPage() {}

    /** Copies the two scripts the charts need into {@code dir}. */
    static void copyScripts(Path dir) throws IOException {
        copy(ECHARTS_RESOURCE, dir.resolve(ECHARTS));
        copy(INIT_RESOURCE, dir.resolve(INIT));
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = ChartPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the class path (a broken build?)");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The {@code <head>} lines that load the scripts; deferred, so they run once the page is parsed. */
    static String scripts() {
        return "<script src=\"" + ECHARTS + "\" defer=\"defer\"></script>\n<script src=\"" + INIT
                + "\" defer=\"defer\"></script>\n";
    }

    /** The CSS of the charts: as wide as the page, never wider. */
    static String css() {
        return ".chart{width:100%;max-width:100%;margin:.3em 0 1.2em}\n"
                + "p.how{margin:.2em 0;color:#555;font-size:90%}\nh3.chart-title{margin:1.2em 0 .2em}\n";
    }

    /** Appends {@code charts} to {@code h}, each under its title as a heading. */
    static void append(StringBuilder h, List<Report.Chart> charts) {
        for (Report.Chart c : charts) {
            h.append("<h3 class=\"chart-title\">").append(HtmlReport.esc(c.title())).append("</h3>\n");
            if (c.caption() != null) {
                h.append("<p class=\"how\">").append(HtmlReport.esc(c.caption())).append("</p>\n");
            }
            h.append("<div class=\"chart\" id=\"").append(HtmlReport.esc(c.id())).append("\" style=\"height:")
                    .append(c.height()).append("px\"></div>\n<script type=\"application/json\" data-chart=\"")
                    .append(HtmlReport.esc(c.id())).append("\">").append(json(c.option())).append("</script>\n");
        }
    }

    /** The option as JSON for a script element (no character that HTML or XML would read as markup). */
    static String json(JsonNode option) {
        try {
            return JSON.writeValueAsString(option);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chart's option: " + e.getOriginalMessage(), e);
        }
    }
}
