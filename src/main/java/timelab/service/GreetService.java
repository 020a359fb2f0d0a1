package timelab.service;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import timelab.protocol.Request;
import timelab.protocol.TimeReply;

/**
 * The {@code greet} service: speaks first. Right after accept, before reading anything, the server writes the
 * greeting and closes: the coursework's bottleneck server ({@code --reply 'Atendido com sucesso.'}). Without a
 * template the greeting is the {@code TIME} reply of that moment. {@value ReplyTemplate#MSG} stands for nothing
 * (nothing was read).
 *
 * @param template the greeting, or {@code null} for the {@code TIME} reply
 * @param end appended to the greeting: CR LF with line framing, nothing with chunk framing
 * @param clock tells the time of the default greeting
 * @param zone the zone of the default greeting
 */
public record GreetService(ReplyTemplate template, String end, InstantSource clock, ZoneId zone) implements Service {

    public GreetService {
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.GREET;
    }

    /**
     * The greeting, whatever {@code command} is: the server asks once, right after accept (and the work), with a
     * command of nothing read, then closes.
     */
    @Override
    public Reply reply(Request.Command command) {
        if (template != null) {
            return Reply.of(template.fill(""), end);
        }
        byte[] time = TimeReply.encode(LocalTime.ofInstant(clock.instant(), zone));
        return Reply.of(new String(time, 0, TimeReply.LENGTH - 2, StandardCharsets.US_ASCII), end);
    }
}
