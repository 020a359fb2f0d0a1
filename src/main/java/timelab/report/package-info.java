/**
 * What experiments leave behind: {@link timelab.report.Report} (one record, written as {@code report.json}), an HTML
 * page that reads without a server ({@code report.html}: tables, PNG charts, links to the raw JSON and JFR files),
 * and the console tables.
 */
package timelab.report;
