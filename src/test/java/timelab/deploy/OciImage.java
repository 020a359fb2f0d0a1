package timelab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An OCI image tarball (an OCI image layout in one tar, what {@code jib:buildTar} writes with format OCI) unpacked
 * the way a container runtime does it: index.json → the image manifest → its config and layer blobs, the layers
 * applied in order onto one root filesystem. Runs {@code tar}; whiteouts (deletions by a later layer) are refused,
 * since Jib writes none.
 *
 * @param rootfs the unpacked root filesystem
 * @param entrypoint the config's Entrypoint
 * @param env the config's Env, as a map
 * @param layers how many layers were applied
 */
record OciImage(Path rootfs, List<String> entrypoint, Map<String, String> env, int layers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static OciImage unpack(Path tarball, Path work) throws IOException, InterruptedException {
        Path layout = Files.createDirectories(work.resolve("layout"));
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        tar(List.of("-xf", tarball.toString(), "-C", layout.toString()));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(blob(layout, index.path("manifests").path(0).path("digest")).toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.path("config").path("digest")).toFile());
        int layers = 0;
        for (JsonNode layer : manifest.path("layers")) {
            Path file = blob(layout, layer.path("digest"));
            String flags = layer.path("mediaType").asText().endsWith("+gzip") ? "-tzf" : "-tf";
            if (tarOutput(List.of(flags, file.toString())).contains(".wh.")) {
                throw new IOException("layer " + layer.path("digest").asText() + " has whiteouts, not handled here");
            }
            tar(List.of(flags.replace('t', 'x'), file.toString(), "-C", rootfs.toString()));
            layers++;
        }
        List<String> entrypoint = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        Map<String, String> env = new TreeMap<>();
        config.path("config").path("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            env.put(kv[0], kv.length > 1 ? kv[1] : "");
        });
        return new OciImage(rootfs, List.copyOf(entrypoint), Map.copyOf(env), layers);
    }

    private static Path blob(Path layout, JsonNode digest) throws IOException {
        String[] d = digest.asText().split(":", 2);
        if (d.length != 2) {
            throw new IOException("not a digest: " + digest);
        }
        return layout.resolve("blobs").resolve(d[0]).resolve(d[1]);
    }

    private static void tar(List<String> args) throws IOException, InterruptedException {
        tarOutput(args);
    }

    private static String tarOutput(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(command + " failed: " + out);
            }
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
