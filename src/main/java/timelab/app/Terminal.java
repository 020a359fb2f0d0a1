package timelab.app;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether standard output is a terminal, on JDK 21 and on JDK 22+ alike. On JDK 21 {@code System.console()} is
 * {@code null} unless both standard input and output are a terminal. From JDK 22 it may return a console even when
 * redirected, and {@code Console.isTerminal()} (new in 22, so called reflectively: we compile for 21) tells.
 */
final class Terminal {

    private Terminal() {}

    static boolean isTerminal() {
        return isTerminal(System.console());
    }

    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(m.invoke(console));
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
