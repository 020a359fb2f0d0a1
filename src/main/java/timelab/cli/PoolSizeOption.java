package timelab.cli;

import picocli.CommandLine.Option;

/** {@code --pool-size}: the threads of {@code fixed} when it is given without a size (a picocli mixin). */
final class PoolSizeOption {

    @Option(names = "--pool-size", paramLabel = "N",
            description = "threads of the fixed model or strategy when it has no :N (default: number of CPUs)")
    Integer poolSize;

    /** The pool size given, or the number of CPUs; {@link IllegalArgumentException} when below 1. */
    int orCpus() {
        if (poolSize != null && poolSize < 1) {
            throw new IllegalArgumentException("--pool-size must be at least 1");
        }
        return poolSize != null ? poolSize : Runtime.getRuntime().availableProcessors();
    }
}
