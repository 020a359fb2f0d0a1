/**
 * What experiments leave behind: {@link timelab.report.Report} (one record, written as {@code report.json}, schema
 * 1), an HTML page that reads without a server ({@code report.html}: tables, PNG charts, links to the raw JSON and JFR
 * files) and the console tables ({@link timelab.report.ConsoleTable}); {@link timelab.report.ReportWriter} writes the
 * folder, charts first. Every chart is drawn here on one {@code Canvas}: the report's bar charts ({@code BarChart},
 * laid out by {@code Charts}) and the JFR timeline chart ({@link timelab.report.SummaryChart}).
 *
 * <p>Public: {@code Report}, {@code ReportWriter}, {@code ConsoleTable} (for the experiment commands) and
 * {@code SummaryChart} (for {@code timelab jfr summary}); {@code HtmlReport}, {@code Charts}, {@code BarChart} and
 * {@code Canvas} are package-private. Reads {@code experiment}'s and {@code client}'s records and {@code measure}'s
 * recordings, and wraps console prose with {@code app}'s {@code ConsoleText}; runs on the caller's thread, headless.
 */
package timelab.report;
