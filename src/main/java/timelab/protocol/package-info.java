/**
 * The TIME protocol on the wire (PROTOCOL.md): byte-level line framing with a hard limit ({@link
 * timelab.protocol.LineFramer}), the classification of a line ({@link timelab.protocol.Request}), the {@code TIME}
 * reply ({@link timelab.protocol.TimeReply}) and the error replies ({@link timelab.protocol.ErrorReply}).
 *
 * <p>Everything here is pure: no I/O, no threads, no clock. Server models and client strategies share it.
 */
package timelab.protocol;
