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

    /** The name used on the command line and in logs ({@code time}, {@code charcount}). */
    String name();

    /** Answers one command. Called on the thread that read the request, right after it was read. */
    Reply reply(Request.Command command);

    /** The service called {@code name}, or an exception naming the choices. */
    static Service named(String name, InstantSource clock, ZoneId zone) {
        return switch (name) {
            case "time" -> new TimeService(clock, zone);
            case "charcount" -> new CharCountService();
            default -> throw new IllegalArgumentException("unknown service '" + name + "' (choose time or charcount)");
        };
    }
}
