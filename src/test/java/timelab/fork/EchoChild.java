package timelab.fork;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child for the handle's tests: reads its spec line, prints a line that is not a message, a truncated message and
 * garbage, then answers each input message with a {@link Message.Held} and ends on {@link Message.Stop} or end of
 * input. With the spec {@code "grandchild"} it first starts {@code sleep 600} and prints its pid.
 */
public final class EchoChild {

    private EchoChild() {}

    public static void main(String... args) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String spec = Messages.readSpec(in.readLine(), String.class);
        if (spec.equals("grandchild")) {
            Process p = new ProcessBuilder("sleep", "600").start();
            System.out.println("grandchild " + p.pid());
        }
        System.out.println("a line that is not a message");
        System.out.println(Messages.encode(new Message.Held(1)).substring(0, 12));
        System.out.println("{\"message\":\"progress\",\"started\":\"many\"}");
        System.out.println(Messages.encode(new Message.Ready()));
        System.out.flush();
        String line;
        long n = 1;
        while ((line = in.readLine()) != null) {
            if (Messages.decode(line).orElse(null) instanceof Message.Stop) {
                break;
            }
            System.out.println(Messages.encode(new Message.Held(++n)));
            System.out.flush();
        }
        System.err.println("bye");
        System.exit(7);
    }
}
