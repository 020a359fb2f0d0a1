package timelab.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Function;
import timelab.client.ClientJson;
import timelab.client.ClientStrategy;
import timelab.server.ServerModel;

/**
 * The configs as JSON, for a parent that hands a side to a child JVM: records as they are; durations as ISO-8601
 * ({@code PT10S}); addresses, zones and paths as their text; a model or a strategy as its label ({@code fixed:4},
 * {@code process:2/virtual}), read back by its own parser. {@code null}s are left out; an unknown field is an error
 * (parent and child are the same build). Thread-safe.
 */
public final class AppJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("timelab-app")
                    .addSerializer(Duration.class, text(Duration.class, Duration::toString))
                    .addDeserializer(Duration.class, parsed(Duration.class, Duration::parse))
                    .addSerializer(InetAddress.class, text(InetAddress.class, ServerApp::asGiven))
                    .addDeserializer(InetAddress.class, parsed(InetAddress.class, AppJson::address))
                    .addSerializer(ZoneId.class, text(ZoneId.class, ZoneId::getId))
                    .addDeserializer(ZoneId.class, parsed(ZoneId.class, ZoneId::of))
                    .addSerializer(Path.class, text(Path.class, Path::toString))
                    .addDeserializer(Path.class, parsed(Path.class, Path::of))
                    .addSerializer(ServerModel.class, text(ServerModel.class, ServerModel::label))
                    .addDeserializer(ServerModel.class, parsed(ServerModel.class, s -> ServerModel.parse(s, 1)))
                    .addSerializer(ClientStrategy.class, text(ClientStrategy.class, ClientStrategy::label))
                    .addDeserializer(ClientStrategy.class,
                            parsed(ClientStrategy.class, s -> ClientStrategy.parse(s, 1))))
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private AppJson() {}

    /** {@code value} as one line of JSON. */
    public static String write(Object value) {
        return ClientJson.write(MAPPER.writer(), value);
    }

    /**
     * Reads {@code json} as {@code type}.
     *
     * @throws IllegalArgumentException with what is wrong (including a record's own validation message)
     */
    public static <T> T read(String json, Class<T> type) {
        return ClientJson.read(MAPPER, json, type);
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown address '" + host + "'", e);
        }
    }

    private static <T> StdSerializer<T> text(Class<T> type, Function<T, String> format) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(format.apply(value));
            }
        };
    }

    private static <T> FromStringDeserializer<T> parsed(Class<T> type, Function<String, T> parse) {
        return new FromStringDeserializer<>(type) {
            @Override
            protected T _deserialize(String value, DeserializationContext ctxt) {
                return parse.apply(value);
            }
        };
    }
}
