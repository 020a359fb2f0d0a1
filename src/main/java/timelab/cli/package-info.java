/**
 * The command line: picocli commands, converters and exit codes. The only package that knows picocli; each command
 * turns its options into the records the other packages take and prints what they return.
 */
package timelab.cli;
