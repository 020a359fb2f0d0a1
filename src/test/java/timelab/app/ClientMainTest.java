package timelab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The forked client's entry point, in-process: its spec is the first line of its input (ClientProcessTest forks). */
class ClientMainTest {

    @Test
    void aSpecThatIsNotAConfigIsExitTwoSayingWhy() {
        StringWriter err = new StringWriter();
        int code = ClientMain.run(new BufferedReader(new StringReader("{\"plan\":null}\n")),
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("timelab client child: bad spec: not a valid ClientAppConfig");
    }

    @Test
    void noSpecAtAllIsExitTwo() {
        StringWriter err = new StringWriter();
        assertThat(ClientMain.run(new BufferedReader(new StringReader("")), new PrintWriter(new StringWriter()),
                new PrintWriter(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("ended before the spec line");
    }
}
