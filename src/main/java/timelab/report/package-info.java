/**
 * What experiments leave behind: {@link timelab.report.Report} (one record, written as {@code report.json}, schema
 * 2), an HTML page that reads without a server ({@code report.html}: tables, interactive charts, links to the raw
 * JSON and JFR files) and the console tables ({@link timelab.report.ConsoleTable}); {@link timelab.report.ReportWriter}
 * writes the folder. The page's charts are Apache ECharts options that {@code Charts}, {@code TimelineCharts} and
 * {@code CurveCharts} build from the report's numbers (with {@code Options}) and {@code ChartPage} embeds as JSON,
 * with {@code echarts.min.js} (from its pinned webjar) and {@code timelab-charts.js} copied next to the page, so the
 * folder opens offline. The PNG chart of {@code timelab jfr summary} is JFreeChart's
 * ({@link timelab.report.SummaryChart}).
 *
 * <p>Public: {@code Report}, {@code ReportWriter}, {@code CurveReport}, {@code ConsoleTable} (for the experiment
 * commands) and {@code SummaryChart} (for {@code timelab jfr summary}); the rest is package-private. Reads
 * {@code experiment}'s and {@code client}'s records and {@code measure}'s recordings, and wraps console prose with
 * {@code app}'s {@code ConsoleText}; runs on the caller's thread, headless.
 */
package timelab.report;
