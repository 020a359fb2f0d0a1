package timelab.service;

import java.util.Objects;
import timelab.protocol.Request;

/**
 * The {@code echo} service: each request is answered with the template, {@value ReplyTemplate#MSG} standing for the
 * request as text (UTF-8, malformed bytes as U+FFFD). {@code --reply 'Processado: {msg}'} makes the coursework's
 * threaded server.
 *
 * @param template the reply
 * @param end appended to each reply: CR LF with line framing, nothing with chunk framing ({@code Framing.replyEnd})
 */
public record EchoService(ReplyTemplate template, String end) implements Service {

    public EchoService {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(end, "end");
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.ECHO;
    }

    @Override
    public Reply reply(Request.Command command) {
        return Reply.of(template.fill(command.text()), end);
    }
}
