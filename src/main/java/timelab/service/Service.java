package timelab.service;

import java.time.InstantSource;
import java.time.ZoneId;
import timelab.protocol.Request;

/**
 * What a line means: one command in, one reply out. Blank lines, {@code QUIT} and over-long lines are handled
 * alike for every service by the connection, so a service only ever sees {@link Request.Command}s.
 *
 * <p>Implementations are immutable and thread-safe: one instance serves every connection of a server.
 */
public sealed interface Service permits TimeService, CharCountService {

    /** Which service this is. */
    ServiceKind kind();

    /** Answers one command. Called on the thread that read the request, right after it was read. */
    Reply reply(Request.Command command);

    /** The service {@code kind}: the one switch over the services. */
    static Service of(ServiceKind kind, InstantSource clock, ZoneId zone) {
        return switch (kind) {
            case TIME -> new TimeService(clock, zone);
            case CHARCOUNT -> new CharCountService();
        };
    }
}
