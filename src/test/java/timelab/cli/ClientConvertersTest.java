package timelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientConvertersTest {

    @Test
    void portsAreASinglePortARangeOrAList() {
        assertThat(ClientConverters.ports("45000")).containsExactly(45000);
        assertThat(ClientConverters.ports("45000-45002")).containsExactly(45000, 45001, 45002);
        assertThat(ClientConverters.ports("1,3-4")).containsExactly(1, 3, 4);
        assertThatThrownBy(() -> ClientConverters.ports("0")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> ClientConverters.ports("5-1")).hasMessageContaining("range");
        assertThatThrownBy(() -> ClientConverters.ports("1-65535")).hasMessageContaining("at most");
    }

    @Test
    void sourceAddressesExpandRanges() {
        assertThat(ClientConverters.addresses("127.0.0.1-127.0.0.3")).containsExactly("127.0.0.1", "127.0.0.2",
                "127.0.0.3");
        assertThat(ClientConverters.addresses("127.0.0.254-127.0.1.1")).containsExactly("127.0.0.254", "127.0.0.255",
                "127.0.1.0", "127.0.1.1");
        assertThat(ClientConverters.addresses("127.0.0.1-2")).containsExactly("127.0.0.1", "127.0.0.2");
        assertThat(ClientConverters.addresses("127.0.0.1,::1")).containsExactly("127.0.0.1", "::1");
        assertThatThrownBy(() -> ClientConverters.addresses("127.0.0.5-127.0.0.1")).hasMessageContaining("range");
        assertThatThrownBy(() -> ClientConverters.addresses("127.0.0-127.0.0.1")).hasMessageContaining("IPv4");
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(ClientConverters.size("512m")).isEqualTo(512L << 20);
        assertThat(ClientConverters.size("4G")).isEqualTo(4L << 30);
        assertThat(ClientConverters.size("100")).isEqualTo(100);
        assertThatThrownBy(() -> ClientConverters.size("-1g")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ClientConverters.size("g")).hasMessageContaining("not a size");
    }
}
