package timelab;

import java.util.stream.IntStream;

/**
 * The {@code charcount} reply (docs/reference/protocol.md), computed independently of the server's code, for checking
 * replies.
 */
public final class CharCountOracle {

    private CharCountOracle() {}

    /** {@code <n> <sí|no>} for a message that is valid UTF-8 (no CR LF). */
    public static String reply(String message) {
        String s = message.strip();
        if (s.isEmpty()) {
            return "0 no";
        }
        int last = s.codePointBefore(s.length());
        int n = (int) s.codePoints().filter(cp -> cp == last).count();
        boolean prime = n > 1 && IntStream.rangeClosed(2, (int) Math.sqrt(n)).noneMatch(d -> n % d == 0);
        return n + " " + (prime ? "sí" : "no");
    }
}
