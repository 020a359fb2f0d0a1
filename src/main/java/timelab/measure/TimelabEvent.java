package timelab.measure;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.StackTrace;

/**
 * The base of timelab's own JFR events: all of them are in the category "timelab" (JMC's Event Browser groups them
 * there) and carry no stack trace (where they are committed is always the same place, and stack traces cost).
 * Settings for them are in {@code jfr/timelab.jfc}.
 */
@Category("timelab")
@StackTrace(false)
abstract class TimelabEvent extends Event {
}
