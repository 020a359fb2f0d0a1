package timelab.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import timelab.protocol.ChunkFramer;
import timelab.protocol.Framer;
import timelab.protocol.Framing;
import timelab.protocol.Request;

class EchoAndGreetServiceTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-06T21:05:09Z"));

    private static Service service(ServiceKind kind, String reply, Framing framing) {
        return Service.of(kind, CLOCK, ZoneOffset.UTC, reply, framing);
    }

    private static Request.Command command(String text) {
        return (Request.Command) Framer.of(Framing.CHUNK, 256).next(java.nio.ByteBuffer.wrap(
                text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String wire(Reply reply) {
        return new String(reply.wire(), StandardCharsets.UTF_8);
    }

    @Test
    void echoPutsTheRequestWhereTheTemplateSaysMsgAndEndsInNothingWithChunks() {
        Service echo = service(ServiceKind.ECHO, "Processado (com atraso): {msg}", Framing.CHUNK);
        assertThat(wire(echo.reply(command("Tarefa do Cliente 3"))))
                .isEqualTo("Processado (com atraso): Tarefa do Cliente 3");
    }

    @Test
    void echoEndsInCrLfWithLinesAndDefaultsToTheRequestItself() {
        assertThat(wire(service(ServiceKind.ECHO, null, Framing.LINE).reply(command("hello {msg}"))))
                .isEqualTo("hello {msg}\r\n");
    }

    @Test
    void theTemplateResolvesItsEscapesOnce() {
        Service echo = service(ServiceKind.ECHO, "OK - recebido: {msg}\\n\\t\\\\n", Framing.CHUNK);
        assertThat(wire(echo.reply(command("x")))).isEqualTo("OK - recebido: x\n\t\\n");
    }

    @Test
    void anUnknownEscapeOrALoneBackslashIsRefusedNamingIt() {
        assertThatThrownBy(() -> ReplyTemplate.parse("a\\qb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'\\q'");
        assertThatThrownBy(() -> ReplyTemplate.parse("a\\")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown escape");
    }

    @Test
    void greetSpeaksItsTextOrTheTimeReplyWhateverItIsAsked() {
        Request.Command nothing = new Request.Text(new byte[0]);
        assertThat(wire(service(ServiceKind.GREET, "Atendido com sucesso.", Framing.CHUNK).reply(nothing)))
                .isEqualTo("Atendido com sucesso.");
        assertThat(wire(service(ServiceKind.GREET, "Atendido com sucesso. {msg}", Framing.LINE).reply(command("x"))))
                .isEqualTo("Atendido com sucesso. \r\n");
        assertThat(wire(service(ServiceKind.GREET, null, Framing.LINE).reply(nothing))).isEqualTo("JAM 21:05:09\r\n");
        assertThat(wire(service(ServiceKind.GREET, null, Framing.CHUNK).reply(nothing))).isEqualTo("JAM 21:05:09");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ServiceKind.class)
    void eachKindMakesItsServiceAndOnlyGreetSpeaksFirst(ServiceKind kind) {
        String reply = kind.takesReply() ? "hi" : null;
        assertThat(service(kind, reply, Framing.LINE).kind()).isEqualTo(kind);
        assertThat(kind.speaksFirst()).isEqualTo(kind == ServiceKind.GREET);
        assertThat(kind.takesReply()).isEqualTo(kind == ServiceKind.ECHO || kind == ServiceKind.GREET);
    }

    @Test
    void aChunkHoldsAtMost1024BytesOfTheRequest() {
        Service echo = service(ServiceKind.ECHO, "[{msg}]", Framing.CHUNK);
        assertThat(wire(echo.reply(command("y".repeat(3000))))).hasSize(ChunkFramer.MAX + 2);
    }
}
