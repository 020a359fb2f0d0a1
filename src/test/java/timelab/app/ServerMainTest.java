package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The forked server's entry point, in-process: its spec is the first line of its input. */
class ServerMainTest {

    @Test
    void aSpecThatIsNotAConfigIsExitTwoSayingWhy() {
        StringWriter err = new StringWriter();
        int code = ServerMain.run(new BufferedReader(new StringReader("{\"server\":null}\n")),
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("timelab server child: bad spec: not a valid ServerAppConfig");
    }

    @Test
    void noSpecAtAllIsExitTwo() {
        StringWriter err = new StringWriter();
        assertThat(ServerMain.run(new BufferedReader(new StringReader("")), new PrintWriter(new StringWriter()),
                new PrintWriter(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("ended before the spec line");
    }
}
