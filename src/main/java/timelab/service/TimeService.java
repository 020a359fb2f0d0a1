package timelab.service;

import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import timelab.protocol.ErrorReply;
import timelab.protocol.Request;
import timelab.protocol.TimeReply;

/** The {@code time} service: {@code TIME} → {@code JAM HH:mm:ss}, anything else → {@code ERROR unknown command}. */
public record TimeService(InstantSource clock, ZoneId zone) implements Service {

    private static final Reply UNKNOWN = Reply.of(ErrorReply.UNKNOWN_COMMAND);

    public TimeService {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.TIME;
    }

    @Override
    public Reply reply(Request.Command command) {
        return switch (command) {
            case Request.Time t -> new Reply(TimeReply.encode(LocalTime.ofInstant(clock.instant(), zone)), false);
            case Request.Text t -> UNKNOWN;
        };
    }
}
