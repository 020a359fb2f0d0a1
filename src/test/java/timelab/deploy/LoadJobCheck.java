package timelab.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import timelab.cli.CommandLines;
import timelab.client.LoadPlan;

/**
 * What must hold of the load Job for N pods to be one load plan: an Indexed Job whose N completions all run at once
 * and are never retried, whose client container is the image the build makes, and whose args — once the kubelet
 * has put each pod's completion index in — parse with timelab's own command line, giving segments 0/N … N-1/N,
 * each once, and a results file the gathering container prints. {@link #problems} lists what does not hold.
 */
final class LoadJobCheck {

    static final String CLIENT = "client";
    static final String RESULTS = "results";

    private LoadJobCheck() {}

    /** Every way {@code job} falls short, in words; empty when it is fit to run as one plan. */
    static List<String> problems(Job job, String image) {
        List<String> out = new ArrayList<>();
        Manifests.unknownFields(job).forEach(f -> out.add("a field Kubernetes does not know: " + f));
        JobSpec spec = job.getSpec();
        if (!"Indexed".equals(spec.getCompletionMode())) {
            out.add("completionMode is " + spec.getCompletionMode() + ", not Indexed: pods get no completion index");
        }
        Integer n = spec.getCompletions();
        if (n == null || n < 1 || !n.equals(spec.getParallelism())) {
            out.add("completions " + n + " and parallelism " + spec.getParallelism()
                    + " differ: not every segment would run at the start instant");
        }
        if (!Integer.valueOf(0).equals(spec.getBackoffLimit())) {
            out.add("backoffLimit is " + spec.getBackoffLimit() + ", not 0: a retried segment starts late");
        }
        PodSpec pod = spec.getTemplate().getSpec();
        if (!"Never".equals(pod.getRestartPolicy())) {
            out.add("restartPolicy is " + pod.getRestartPolicy() + ", not Never");
        }
        Optional<Container> client = named(pod.getInitContainers(), CLIENT);
        Optional<Container> results = named(pod.getContainers(), RESULTS);
        if (client.isEmpty() || results.isEmpty()) {
            out.add("no init container '" + CLIENT + "' or no container '" + RESULTS + "'");
            return out;
        }
        if (!image.equals(client.get().getImage())) {
            out.add("the client's image is " + client.get().getImage() + ", the build makes " + image);
        }
        if (!mountsTheSameVolume(client.get(), results.get())) {
            out.add("the client and the results container do not share one volume at one path");
        }
        if (n != null && n >= 1) {
            out.addAll(segments(client.get(), results.get(), n));
        }
        return out;
    }

    /** Each pod's args, index by index: they parse, name a distinct segment of N, and the file the results print. */
    private static List<String> segments(Container client, Container results, int n) {
        List<String> out = new ArrayList<>();
        Set<LoadPlan.Segment> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> env = env(client, i);
            List<String> args = Manifests.expand(client.getArgs(), env);
            String at = "pod " + i + ": ";
            CommandLines.usageError(args.toArray(String[]::new))
                    .ifPresent(e -> out.add(at + "timelab rejects the args: " + e));
            String segment = value(args, "--segment");
            Optional<LoadPlan.Segment> parsed = segment(segment);
            if (parsed.isEmpty() || parsed.get().count() != n) {
                out.add(at + "--segment " + segment + " is not a segment I/" + n + " with I below " + n);
            } else if (!seen.add(parsed.get())) {
                out.add(at + "--segment " + segment + " again: another pod runs the same clients");
            }
            String json = value(args, "--json");
            List<String> printed = Manifests.expand(results.getCommand(), env(results, i));
            if (json == null || !printed.contains(json)) {
                out.add(at + "the results container prints " + printed + ", the client writes --json " + json);
            }
        }
        return out;
    }

    /** The segment as timelab reads it ({@link LoadPlan.Segment#parse}), empty when it is none. */
    private static Optional<LoadPlan.Segment> segment(String value) {
        try {
            return Optional.of(LoadPlan.Segment.parse(Objects.requireNonNullElse(value, "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Container> named(List<Container> containers, String name) {
        return containers.stream().filter(c -> name.equals(c.getName())).findFirst();
    }

    /** The environment the kubelet expands {@code $(VAR)} from: the container's env and the completion index. */
    private static Map<String, String> env(Container c, int index) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        env.put("JOB_COMPLETION_INDEX", Integer.toString(index));
        return env;
    }

    private static boolean mountsTheSameVolume(Container a, Container b) {
        for (VolumeMount x : a.getVolumeMounts()) {
            for (VolumeMount y : b.getVolumeMounts()) {
                if (x.getName().equals(y.getName()) && x.getMountPath().equals(y.getMountPath())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value after {@code option} in {@code args} (or after {@code option=}), null when absent. */
    static String value(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(option + "=")) {
                return args.get(i).substring(option.length() + 1);
            }
        }
        return null;
    }
}
