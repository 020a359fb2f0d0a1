/**
 * The root: {@link timelab.Main}, the jar's main class ({@code java -jar timelab.jar …}: runs
 * {@link timelab.cli.TimelabCommand#run} and exits with its code); nothing else lives here. The packages below, in
 * the order they may use each other:
 * {@code choice}, {@code protocol}, {@code service}, {@code server}, {@code measure}, {@code client}, {@code fork},
 * {@code client.process}, {@code app}, {@code experiment}, {@code report}, {@code cli} (docs/explanation/design.md).
 */
package timelab;
