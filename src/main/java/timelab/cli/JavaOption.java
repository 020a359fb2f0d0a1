package timelab.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import timelab.fork.JavaRuntime;

/**
 * {@code --java PATH}: the JDK an experiment's server and client children run on (a picocli mixin of
 * {@link ExperimentOptions}). The path is probed once, while the command line is parsed, so a bad one is a usage
 * error before anything starts.
 */
final class JavaOption {

    @Option(names = "--java", paramLabel = "PATH", converter = Probe.class,
            description = "run the server and client children on this JDK: its home or its java executable, JDK 21 "
                    + "or later (default: the JDK this runs on); e.g. --java \"$(bench/jdk21)\"")
    JavaRuntime java;

    /** The children's java: the one {@code --java} named, else this JVM's. */
    JavaRuntime runtime() {
        return java == null ? JavaRuntime.current() : java;
    }

    /** Probes the path ({@link JavaRuntime#probe}); what is wrong with it becomes the usage error. */
    static final class Probe implements ITypeConverter<JavaRuntime> {
        @Override
        public JavaRuntime convert(String value) {
            try {
                return JavaRuntime.probe(Path.of(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
