package timelab.cli;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import timelab.app.ClientAppConfig;
import timelab.app.StatusFormat;
import timelab.client.ClientStrategy;
import timelab.client.ExchangeKind;
import timelab.netty.Transport;
import timelab.protocol.Framing;
import timelab.server.AccessLogOptions;
import timelab.server.ServerModel;
import timelab.service.ServiceKind;
import timelab.work.Work;

/**
 * picocli converters for every closed set a command takes, so that commands receive typed values (JUnit's console
 * launcher's {@code SelectorConverter} is the model). Each one calls its type's own parser and turns its
 * {@link IllegalArgumentException} into picocli's {@link TypeConversionException}: a bad value is a usage error
 * (exit 2) with the parser's message. Pure.
 */
final class ChoiceConverters {

    private ChoiceConverters() {}

    /**
     * A choice whose {@code fixed} form takes its pool size from another option ({@code --pool-size}), which picocli
     * has not read yet when it converts this one: checked at conversion, sized when the command runs.
     */
    @FunctionalInterface
    interface PoolSized<T> {
        /** The choice, {@code fixed} without a size getting {@code defaultPoolSize} threads. */
        T withPoolSize(int defaultPoolSize);
    }

    /**
     * A server model or client strategy as written, checked at conversion: sized by {@code --pool-size} and given
     * the command's {@code --transport} when the command runs.
     */
    @FunctionalInterface
    interface TransportSpec<T> extends PoolSized<T> {
        /**
         * The model or strategy; {@code netty} without {@code /TRANSPORT} on {@code transport} when one is given.
         *
         * @throws IllegalArgumentException when {@code transport} does not apply ({@link ServerModel#parse},
         *     {@link ClientStrategy#parse})
         */
        T resolve(int defaultPoolSize, Transport transport);

        @Override
        default T withPoolSize(int defaultPoolSize) {
            return resolve(defaultPoolSize, null);
        }
    }

    /** {@code platform | fixed[:N] | cached | virtual | nio | single | netty[:N][/TRANSPORT]}. */
    static final class ModelConverter implements ITypeConverter<TransportSpec<ServerModel>> {
        @Override
        public TransportSpec<ServerModel> convert(String value) {
            typed(value, v -> ServerModel.parse(v, 1)); // a bad name or argument fails now, as a usage error
            return (n, transport) -> ServerModel.parse(value, n, transport);
        }
    }

    /** {@code --transport}: {@code io_uring | epoll | nio}. */
    static final class TransportConverter implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            return typed(value, Transport::parse);
        }
    }

    /** {@code platform | fixed[:N] | cached | virtual | nio[:N] | netty[:N][/T] | process | process:K/S}. */
    static final class StrategyConverter implements ITypeConverter<TransportSpec<ClientStrategy>> {
        @Override
        public TransportSpec<ClientStrategy> convert(String value) {
            typed(value, v -> ClientStrategy.parse(v, 1)); // a bad name or argument fails now, as a usage error
            return (n, transport) -> ClientStrategy.parse(value, n, transport);
        }
    }

    /** The server's {@code --service}: {@code time | charcount | echo | greet}. */
    static final class ServiceConverter implements ITypeConverter<ServiceKind> {
        @Override
        public ServiceKind convert(String value) {
            return typed(value, ServiceKind::parse);
        }
    }

    /** The client's {@code --service}: {@code time | charcount | line}. */
    static final class ExchangeConverter implements ITypeConverter<ExchangeKind> {
        @Override
        public ExchangeKind convert(String value) {
            return typed(value, ExchangeKind::parse);
        }
    }

    /** {@code --access-log-fsync}: {@code always | everysec | no}. */
    static final class FsyncConverter implements ITypeConverter<AccessLogOptions.Fsync> {
        @Override
        public AccessLogOptions.Fsync convert(String value) {
            return typed(value, AccessLogOptions.Fsync::parse);
        }
    }

    /** The client's {@code --progress}: {@code auto | bar | lines | off}. */
    static final class ProgressConverter implements ITypeConverter<ClientAppConfig.ProgressMode> {
        @Override
        public ClientAppConfig.ProgressMode convert(String value) {
            return typed(value, ClientAppConfig.ProgressMode::parse);
        }
    }

    /** The server's {@code --status-format}: {@code human | json}. */
    static final class StatusFormatConverter implements ITypeConverter<StatusFormat> {
        @Override
        public StatusFormat convert(String value) {
            return typed(value, StatusFormat::parse);
        }
    }

    /** The server's {@code --work}: {@code none | sleep:D | delay:D | cpu:D | pinned:D | call:HOST:PORT[xK]}. */
    static final class WorkConverter implements ITypeConverter<Work> {
        @Override
        public Work convert(String value) {
            return typed(value, Work::parse);
        }
    }

    /** The server's {@code --framing}: {@code line | chunk}. */
    static final class FramingConverter implements ITypeConverter<Framing> {
        @Override
        public Framing convert(String value) {
            return typed(value, Framing::parse);
        }
    }

    /** {@code parse(value)}, its {@link IllegalArgumentException} a {@link TypeConversionException}. */
    static <T> T typed(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private interface SizedParser<T> {
        T parse(String spec, int defaultPoolSize);
    }

    private static <T> PoolSized<T> sized(String value, SizedParser<T> parser) {
        typed(value, v -> parser.parse(v, 1)); // a bad name or argument fails now, as a usage error
        return n -> parser.parse(value, n);
    }
}
