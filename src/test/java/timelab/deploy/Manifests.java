package timelab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifests in deploy/kubernetes read the way they reach a cluster: rendered by envsubst, parsed into fabric8's
 * typed Kubernetes objects, every field the API does not know named, and args expanded as the kubelet does.
 */
final class Manifests {

    static final Path DIR = Path.of("deploy", "kubernetes");
    static final Path LOAD = DIR.resolve("timelab-load.yaml");
    static final Path SERVER = DIR.resolve("timelab-server.yaml");

    /** The kinds the manifests may hold, by {@code apiVersion/kind}. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "batch/v1/Job", Job.class, "apps/v1/Deployment", Deployment.class, "v1/Service", Service.class);

    private static final Pattern KUBERNETES_VAR = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {}

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code envsubst '$A $B'} makes of {@code text}: {@code ${A}} and {@code $A} replaced, nothing else. */
    static String envsubst(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue())
                    .replaceAll("\\$" + Pattern.quote(v.getKey()) + "(?![A-Za-z0-9_])",
                            Matcher.quoteReplacement(v.getValue()));
        }
        return out;
    }

    /** Every YAML document of {@code yaml} as its typed object; an unknown kind is an error. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isEmpty()) {
                    continue;
                }
                String kind = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type == null) {
                    throw new IllegalArgumentException("a kind the manifests do not use: " + kind);
                }
                out.add(JSON.treeToValue(doc, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " " + type.getSimpleName() + " objects, not one");
        }
        return found.getFirst();
    }

    /**
     * The path of every field the Kubernetes API does not know (a typo, a field at the wrong level): fabric8 keeps
     * those in each object's {@code additionalProperties} instead of failing, so this walks the whole tree for them.
     */
    static List<String> unknownFields(Object resource) {
        List<String> out = new ArrayList<>();
        walk(resource, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Object o, String path, List<String> out, Set<Object> seen) {
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", out, seen);
            }
        } else if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, out, seen));
        } else if (o != null && o.getClass().getName().startsWith("io.fabric8.") && seen.add(o)) {
            for (Method m : o.getClass().getMethods()) {
                if (m.getParameterCount() != 0 || !m.getName().startsWith("get")
                        || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                Object value = invoke(m, o);
                if (field.equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> out.add(path + "." + k));
                } else {
                    walk(value, path + "." + field, out, seen);
                }
            }
        }
    }

    private static Object invoke(Method m, Object o) {
        try {
            return m.invoke(o);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(m + ": " + e, e);
        }
    }

    /**
     * A container's command or args as the kubelet runs them: {@code $(VAR)} replaced by the variable's value where
     * {@code env} has it, left as it is where not, {@code $$} an escaped {@code $}.
     */
    static List<String> expand(List<String> args, Map<String, String> env) {
        return args.stream().map(a -> KUBERNETES_VAR.matcher(a).replaceAll(m -> {
            String name = m.group(1);
            String value = name == null ? "$" : env.getOrDefault(name, m.group());
            return Matcher.quoteReplacement(value);
        })).toList();
    }
}
