/**
 * What experiments leave behind: {@link timelab.report.Report} (one record, written as {@code report.json}), an HTML
 * page that reads without a server ({@code report.html}: tables, PNG charts, links to the raw JSON and JFR files),
 * and the console tables. Every chart is drawn here on one {@code Canvas}: the report's bar charts and the JFR
 * timeline chart ({@link timelab.report.SummaryChart}, public because {@code timelab jfr summary} draws it too).
 */
package timelab.report;
