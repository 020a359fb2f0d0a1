package timelab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image tarball (an OCI image layout in one tar, what {@code jib:buildTar} writes with format OCI) unpacked
 * the way a container runtime does it: index.json → the image manifest → its config and layer blobs, the layers
 * applied in order onto one root filesystem, every blob's digest and every layer's diff_id checked on the way, as a
 * runtime or registry checks them. Runs {@code tar}; whiteouts (deletions by a later layer) are refused, since Jib
 * writes none.
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
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        if (diffIds.size() != manifest.path("layers").size()) {
            throw new IOException(manifest.path("layers").size() + " layers, " + diffIds.size() + " diff_ids");
        }
        int layers = 0;
        for (JsonNode layer : manifest.path("layers")) {
            Path file = blob(layout, layer.path("digest"));
            boolean gzip = layer.path("mediaType").asText().endsWith("+gzip");
            verify(file, gzip, diffIds.get(layers).asText());
            String flags = gzip ? "-tzf" : "-tf";
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

    /** The blob at {@code digest}, after checking that its content has that digest (as a registry or runtime does). */
    private static Path blob(Path layout, JsonNode digest) throws IOException {
        String[] d = digest.asText().split(":", 2);
        if (d.length != 2 || !d[0].equals("sha256")) {
            throw new IOException("not a sha256 digest: " + digest);
        }
        Path file = layout.resolve("blobs").resolve(d[0]).resolve(d[1]);
        try (InputStream in = Files.newInputStream(file)) {
            String actual = sha256(in);
            if (!actual.equals(digest.asText())) {
                throw new IOException(file + " has digest " + actual + ", the index or manifest says " + digest);
            }
        }
        return file;
    }

    /** A layer's diff_id is the digest of its uncompressed tar. */
    private static void verify(Path layer, boolean gzip, String diffId) throws IOException {
        try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(layer)) : Files.newInputStream(layer)) {
            String actual = sha256(in);
            if (!actual.equals(diffId)) {
                throw new IOException(layer + " uncompressed has digest " + actual + ", the config's diff_id is "
                        + diffId);
            }
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
