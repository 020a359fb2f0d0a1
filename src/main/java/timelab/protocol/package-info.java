/**
 * The TIME protocol on the wire (docs/reference/protocol.md): how input is cut into requests ({@link
 * timelab.protocol.Framer}, sealed: byte-level line framing with a hard limit, {@link timelab.protocol.LineFramer}, or
 * one read per request, {@link timelab.protocol.ChunkFramer}, as {@link timelab.protocol.Framing} chooses), the
 * classification of a request ({@link timelab.protocol.Request}), the {@code TIME} reply ({@link
 * timelab.protocol.TimeReply}) and the error replies ({@link timelab.protocol.ErrorReply}).
 *
 * <p>Everything here is pure: no I/O, no threads, no clock. Server models and client strategies share it.
 */
package timelab.protocol;
