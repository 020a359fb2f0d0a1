package timelab.client;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.Locale;
import timelab.protocol.ErrorReply;
import timelab.protocol.TimeReply;

/**
 * What a connection sends and how a reply is judged, per service ({@link LoadPlan.Exchange}). Pure.
 *
 * <p>Every check shares two rules before its own: a reply that is exactly the request sent is the client reading
 * back its own bytes, i.e. a socket connected to itself ({@link FailureKind#SELF_CONNECT}); {@code ERROR busy} is
 * the server at its connection cap ({@link FailureKind#BUSY}).
 */
sealed interface ReplyCheck {

    /** The request line (without CR LF) client {@code client} sends as its {@code request}-th request. */
    String request(int client, int request);

    /** {@code null} when {@code reply} (without CR LF) is right for {@code request}, else the failure. */
    default Outcome.Failed verify(String request, String reply) {
        if (reply.equals(request) && !isRight(request, reply)) {
            return new Outcome.Failed(FailureKind.SELF_CONNECT, "the reply echoes the request: '" + shown(reply) + "'");
        }
        if (reply.equals(ErrorReply.BUSY.text())) {
            return new Outcome.Failed(FailureKind.BUSY, reply);
        }
        if (isRight(request, reply)) {
            return null;
        }
        return new Outcome.Failed(FailureKind.BAD_REPLY, "expected " + expected(request) + ", got '" + shown(reply)
                + "'");
    }

    /** Whether {@code reply} is the right answer to {@code request}. */
    boolean isRight(String request, String reply);

    /** What a right answer looks like, for the failure message. */
    String expected(String request);

    /** A right answer to {@code request} (without CR LF): what the client's warm-up responder says ({@link WarmUp}). */
    String rightReply(String request);

    /** The check for an exchange: the one switch over the client's services. */
    static ReplyCheck of(LoadPlan.Exchange e) {
        return switch (e.service()) {
            case TIME -> new Time(e.send());
            case CHARCOUNT -> new CharCount(e.send());
            case LINE -> new Line(e.send(), e.expect());
        };
    }

    /** {@code {n}} → the client's number, {@code {r}} → the request's number. */
    static String fill(String template, int client, int request) {
        if (template.indexOf('{') < 0) {
            return template; // the common case (TIME): nothing to build per request
        }
        return template.replace("{n}", Integer.toString(client)).replace("{r}", Integer.toString(request));
    }

    /** A reply as shown in a message: at most 80 characters, control characters escaped. */
    static String shown(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 80 ? b + "…" : b.toString();
    }

    /** {@code TIME} → {@code JAM HH:mm:ss}. */
    record Time(String send) implements ReplyCheck {
        @Override
        public String request(int client, int request) {
            return fill(send, client, request);
        }

        @Override
        public boolean isRight(String request, String reply) {
            return TimeReply.parse(reply) != null;
        }

        @Override
        public String expected(String request) {
            return "JAM HH:mm:ss (14 bytes)";
        }

        @Override
        public String rightReply(String request) {
            return new String(TimeReply.encode(LocalTime.now()), 0, TimeReply.LENGTH - 2, StandardCharsets.US_ASCII);
        }
    }

    /**
     * The charcount service: {@code <n> <sí|no>}, n = how often the message's last code point occurs in it
     * (after trimming), {@code sí} when n is prime. Computed here independently of the server's code, so that a
     * server counting wrong gets a bad reply.
     */
    record CharCount(String template) implements ReplyCheck {
        @Override
        public String request(int client, int request) {
            return fill(template, client, request);
        }

        @Override
        public boolean isRight(String request, String reply) {
            return reply.equals(expected(request));
        }

        @Override
        public String expected(String request) {
            int n = countOfLast(new String(request.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).strip());
            return n + " " + (prime(n) ? "sí" : "no");
        }

        @Override
        public String rightReply(String request) {
            return expected(request);
        }

        static int countOfLast(String s) {
            if (s.isEmpty()) {
                return 0;
            }
            int last = s.codePointBefore(s.length());
            int n = 0;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                if (cp == last) {
                    n++;
                }
                i += Character.charCount(cp);
            }
            return n;
        }

        static boolean prime(int n) {
            if (n < 2) {
                return false;
            }
            for (int d = 2; (long) d * d <= n; d++) {
                if (n % d == 0) {
                    return false;
                }
            }
            return true;
        }

        /** Whether the server would take this line as QUIT (it then closes instead of answering). */
        static boolean isQuit(String line) {
            return line.stripTrailing().toUpperCase(Locale.ROOT).equals("QUIT");
        }
    }

    /** Any line server: the reply must start with {@code expect} (any line when it is empty). */
    record Line(String send, String expect) implements ReplyCheck {
        @Override
        public String request(int client, int request) {
            return fill(send, client, request);
        }

        @Override
        public boolean isRight(String request, String reply) {
            return reply.startsWith(expect);
        }

        @Override
        public String expected(String request) {
            return expect.isEmpty() ? "a line" : "a line starting with '" + expect + "'";
        }

        @Override
        public String rightReply(String request) {
            return expect.isEmpty() ? "ok " + request : expect;
        }
    }
}
