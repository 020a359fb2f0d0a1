package timelab.server;

import java.time.Duration;
import java.util.Objects;
import timelab.choice.Checks;
import timelab.protocol.Framing;
import timelab.service.ReplyTemplate;
import timelab.work.Work;

/**
 * How a server handles each request, whatever model serves it: how input is cut into requests, what work each
 * costs, what the reply says and whether a connection carries more than one.
 *
 * @param work done for each request after it is read and before its reply is written ({@code --work})
 * @param backendTimeout how long one backend round trip of a {@link Work.Call} may take ({@code --backend-timeout})
 * @param framing how input is cut into requests ({@code --framing})
 * @param reply the reply template of the {@code echo} and {@code greet} services ({@code --reply}; {@code {msg}}
 *     stands for the request; {@code \n}, {@code \r}, {@code \t}, {@code \\} are escapes), or {@code null}
 *     for the service's own; with line framing such a reply ends in CR LF, with chunk framing in nothing
 * @param oneRequest close each connection after its first reply ({@code --one-request})
 */
public record Handling(Work work, Duration backendTimeout, Framing framing, String reply, boolean oneRequest) {

    /** Today's behaviour: lines, no work, the service's replies, many requests per connection. */
    public static final Handling DEFAULT = new Handling(Work.NONE, Duration.ofSeconds(5), Framing.LINE, null, false);

    public Handling {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(framing, "framing");
        Checks.positive("backend-timeout", backendTimeout);
        if (reply != null) {
            ReplyTemplate.parse(reply); // a bad escape fails here, as the options are made
        }
    }

    public Handling withWork(Work w) {
        return new Handling(w, backendTimeout, framing, reply, oneRequest);
    }
}
