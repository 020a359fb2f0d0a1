package timelab.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Duration;

/**
 * The one Jackson set-up of the client: records as they are, durations as ISO-8601 strings ({@code PT0.25S}),
 * {@code null}s left out, unknown fields ignored on reading (a newer minor schema reads in an older tool).
 */
public final class ClientJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("timelab-durations")
                    .addSerializer(Duration.class, ToStringSerializer.instance)
                    .addDeserializer(Duration.class, new DurationDeserializer()))
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ClientJson() {}

    public static String write(Object value, boolean pretty) {
        return write(pretty ? MAPPER.writerWithDefaultPrettyPrinter() : MAPPER.writer(), value);
    }

    /**
     * Reads {@code json} as {@code type}.
     *
     * @throws IllegalArgumentException with what is wrong (including a record's own validation message)
     */
    public static <T> T read(String json, Class<T> type) {
        return read(MAPPER, json, type);
    }

    /** {@code value} as JSON by {@code writer}; a value Jackson cannot write is a bug: IllegalStateException. */
    public static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code json} as {@code type} with {@code mapper}: the one place a JSON problem becomes a message.
     *
     * @throws IllegalArgumentException with what is wrong (including a record's own validation message)
     */
    public static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String m = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + m, e);
        }
    }

    private static final class DurationDeserializer extends FromStringDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        protected Duration _deserialize(String value, DeserializationContext ctxt) {
            return Duration.parse(value);
        }
    }
}
