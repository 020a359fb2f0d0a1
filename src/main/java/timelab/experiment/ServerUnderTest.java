package timelab.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.net.InetSocketAddress;
import java.util.Objects;
import timelab.server.ServerModel;

/**
 * The server an experiment's clients talk to: a fresh server child of a model, or a running server it neither
 * starts nor observes ({@code --server HOST:PORT}). Reports show it by {@link #label()}: the model's label, or
 * {@code external}.
 */
public sealed interface ServerUnderTest {

    /** The model's label, or {@code external}: what reports and report.json ({@code serverModel}) show. */
    @JsonValue
    String label();

    /** A server child the experiment starts, with {@code model}. */
    record Child(ServerModel model) implements ServerUnderTest {
        public Child {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String label() {
            return model.label();
        }
    }

    /** A running server at {@code address}: its side is not observed. */
    record External(InetSocketAddress address) implements ServerUnderTest {
        public External {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String label() {
            return "external";
        }
    }
}
