/**
 * The bottom layer every other package may use: how a closed set's value is spelled on a command line
 * ({@link timelab.choice.Choice}, {@code name[:arg]}) and the range checks the option records share
 * ({@link timelab.choice.Checks}). Depends on nothing of timelab. Both classes are public because the server and the
 * client packages parse and validate with them; nothing else is in here.
 */
package timelab.choice;
