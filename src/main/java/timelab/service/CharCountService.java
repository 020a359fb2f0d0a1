package timelab.service;

import timelab.protocol.Request;

/**
 * The {@code charcount} service (docs/reference/protocol.md): each non-empty line is decoded as UTF-8 (malformed bytes
 * become U+FFFD) and trimmed; the reply is {@code <n> <sí|no>} where {@code n} counts the occurrences of the line's
 * last code point in the line and {@code sí} says that {@code n} is prime. {@code abc2a} → {@code 2 sí}.
 */
public record CharCountService() implements Service {

    @Override
    public ServiceKind kind() {
        return ServiceKind.CHARCOUNT;
    }

    @Override
    public Reply reply(Request.Command command) {
        int n = countOfLast(command.text().strip());
        return Reply.of(n + " " + (isPrime(n) ? "sí" : "no"));
    }

    /** How often the last code point of {@code s} occurs in {@code s}; 0 for the empty string. */
    static int countOfLast(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int last = s.codePointBefore(s.length());
        return (int) s.codePoints().filter(cp -> cp == last).count();
    }

    static boolean isPrime(int n) {
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
}
