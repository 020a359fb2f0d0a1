package timelab.service;

import java.time.InstantSource;
import java.time.ZoneId;
import timelab.protocol.Framing;
import timelab.protocol.Request;

/**
 * What a line means: one command in, one reply out. Blank lines, {@code QUIT} and over-long lines are handled
 * alike for every service by the connection, so a service only ever sees {@link Request.Command}s.
 *
 * <p>Implementations are immutable and thread-safe: one instance serves every connection of a server.
 */
public sealed interface Service permits TimeService, CharCountService, EchoService, GreetService {

    /** Which service this is. */
    ServiceKind kind();

    /**
     * Answers one command. Called on the thread that read the request, right after it was read (and its work). A
     * service that {@linkplain ServiceKind#speaksFirst() speaks first} is asked once, right after accept, with a
     * command of nothing read, and its answer is the greeting.
     */
    Reply reply(Request.Command command);

    /**
     * The service {@code kind}: the one switch over the services.
     *
     * @param reply the {@code --reply} template of {@code echo} and {@code greet} (as typed, escapes unresolved), or
     *     {@code null} for the service's own
     * @param framing how requests are cut: a {@code --reply} ends in CR LF with lines, in nothing with chunks
     */
    static Service of(ServiceKind kind, InstantSource clock, ZoneId zone, String reply, Framing framing) {
        ReplyTemplate template = reply == null ? null : ReplyTemplate.parse(reply);
        return switch (kind) {
            case TIME -> new TimeService(clock, zone);
            case CHARCOUNT -> new CharCountService();
            case ECHO -> new EchoService(template == null ? ReplyTemplate.ECHO : template, framing.replyEnd());
            case GREET -> new GreetService(template, framing.replyEnd(), clock, zone);
        };
    }
}
