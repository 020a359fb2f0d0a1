package timelab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import timelab.client.LoadPlan;

/** How the {@code process} strategy starts its child JVMs (a picocli mixin of {@code timelab client}). */
final class SpawningOptions {

    @Option(names = "--min-mem-available", converter = ClientConverters.SizeConverter.class, paramLabel = "SIZE",
            description = "process: start no child JVM that would bring MemAvailable below this (default: a quarter "
                    + "of the machine's memory)")
    Long minMemAvailable;

    @Option(names = "--max-starting", paramLabel = "N",
            description = "process: at most N child JVMs starting at once; 0 = no limit, as the coursework "
                    + "(default: 4 per CPU)")
    Integer maxStarting;

    @Option(names = "--plain-children", description = "process: plain child JVMs, without the cheap flags and CDS")
    boolean plainChildren;

    @Option(names = "--child-jvm-option", paramLabel = "OPT",
            description = "process: one more JVM option for every child (repeatable), e.g. -Xmx64m")
    List<String> childJvmOptions = new ArrayList<>();

    /** The record; {@link IllegalArgumentException} when the options do not make one. */
    LoadPlan.Spawning spawning() {
        return new LoadPlan.Spawning(minMemAvailable == null ? 0 : minMemAvailable,
                maxStarting == null ? LoadPlan.Spawning.DEFAULT_MAX_STARTING : maxStarting, !plainChildren,
                childJvmOptions);
    }
}
