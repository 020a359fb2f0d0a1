package timelab.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelab.protocol.Request;

class CharCountServiceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "abc2a|2 sí",
        "hello|1 no",
        "'  aaa  '|3 sí",
        "aaaa|4 no",
        "x|1 no",
        "😀a😀|2 sí",
    })
    void countsTheLastCodePointAndSaysWhetherTheCountIsPrime(String line, String expected) {
        Reply reply = new CharCountService().reply(new Request.Text(line.getBytes(StandardCharsets.UTF_8)));
        assertThat(reply.text()).isEqualTo(expected);
        assertThat(reply.error()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,false", "1,false", "2,true", "3,true", "4,false", "97,true", "2147483647,true"})
    void primes(int n, boolean prime) {
        assertThat(CharCountService.isPrime(n)).isEqualTo(prime);
    }
}
