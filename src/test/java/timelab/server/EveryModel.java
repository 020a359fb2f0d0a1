package timelab.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;

/**
 * A parameter source for a {@code @ParameterizedTest(name = "{0}")} with one {@link ServerModel} parameter: every
 * model of {@link Servers#everyModel()}, in its order, each named by its {@link ServerModel#label() label} (so
 * {@code {0}} reads {@code fixed:2}, {@code nio}, …). {@link #except()} leaves out the models of the given types.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(EveryModel.Provider.class)
@interface EveryModel {

    /** The model types to leave out, e.g. {@code ServerModel.Single.class}; none by default. */
    Class<? extends ServerModel>[] except() default {};

    /** Provides the models that {@link EveryModel} names. */
    final class Provider implements ArgumentsProvider, AnnotationConsumer<EveryModel> {

        private List<Class<? extends ServerModel>> except = List.of();

        @Override
        public void accept(EveryModel annotation) {
            except = Arrays.asList(annotation.except());
        }

        @Override
        public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
            return Servers.everyModel().stream()
                    .filter(model -> except.stream().noneMatch(type -> type.isInstance(model)))
                    .map(model -> Arguments.of(Named.of(model.label(), model)));
        }
    }
}
