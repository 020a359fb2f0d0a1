package timelab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelab.cli.CommandLines;

/**
 * deploy/kubernetes as a cluster would take it, checked with fabric8's Kubernetes model and timelab's own command
 * line (no cluster runs here): the load Job is one plan in N segments, the server's Deployment and Service are what
 * the Job connects to, both run the image the build makes, and a broken copy of the Job is caught.
 */
class DeployManifestsTest {

    /** What {@code pom.xml} names the image ({@code image.name}), handed to the tests by surefire. */
    private static final String IMAGE = System.getProperty("timelab.image.name", "timelab:0.1.0-SNAPSHOT");
    private static final String START_AT = "2026-12-07T05:00:00Z";

    static String loadYaml(int segments) {
        return loadYaml(segments, START_AT);
    }

    /** The load Job as {@code SEGMENTS=segments START_AT=startAt envsubst …} renders it. */
    static String loadYaml(int segments, String startAt) {
        return Manifests.envsubst(Manifests.read(Manifests.LOAD),
                Map.of("SEGMENTS", Integer.toString(segments), "START_AT", startAt));
    }

    static Job job(String yaml) {
        return Manifests.only(Manifests.parse(yaml), Job.class);
    }

    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {1, 3, 8})
    void theLoadJobIsOnePlanInOneIndexedPodPerSegment(int segments) {
        Job job = job(loadYaml(segments));

        assertThat(LoadJobCheck.problems(job, IMAGE)).isEmpty();
        assertThat(job.getSpec().getCompletions()).isEqualTo(segments);
    }

    @Test
    void theLoadFileSetsItsSegmentCountAndStartInstantOnlyThroughEnvsubst() {
        String raw = Manifests.read(Manifests.LOAD);
        String yaml = loadYaml(5);

        assertThat(raw).contains("${SEGMENTS}", "${START_AT}", "envsubst '$SEGMENTS $START_AT'");
        assertThat(yaml).doesNotContain("${").contains("- " + START_AT);
        assertThat(LoadJobCheck.value(job(yaml).getSpec().getTemplate().getSpec().getInitContainers().getFirst()
                .getArgs(), "--start-at")).isEqualTo(START_AT);
    }

    /** The documented line's envsubst, GNU gettext's, renders the file as the tests do (skipped where absent). */
    @Test
    void gettextsEnvsubstRendersTheLoadFileAsTheTestsDo() throws IOException, InterruptedException {
        Path envsubst = Path.of("/usr/bin/envsubst");
        Assumptions.assumeTrue(Files.isExecutable(envsubst), "no " + envsubst + " here (Debian: gettext-base)");
        ProcessBuilder pb = new ProcessBuilder(envsubst.toString(), "$SEGMENTS $START_AT")
                .redirectInput(Manifests.LOAD.toFile()).redirectErrorStream(true);
        pb.environment().put("SEGMENTS", "5");
        pb.environment().put("START_AT", START_AT);
        Process p = pb.start();
        try {
            String rendered = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rendered).isEqualTo(loadYaml(5));
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timelab-load.yaml", "timelab-server.yaml"})
    void everyFieldOfEveryManifestIsOneKubernetesKnows(String file) {
        List<HasMetadata> resources = Manifests.parse(
                Manifests.envsubst(Manifests.read(Manifests.DIR.resolve(file)), Map.of("SEGMENTS", "3",
                        "START_AT", START_AT)));

        assertThat(resources).isNotEmpty().allSatisfy(r -> assertThat(Manifests.unknownFields(r)).isEmpty());
    }

    @Test
    void theServerDeploymentRunsTheImageWithArgsTimelabAcceptsBehindTheServiceTheJobDials() {
        List<HasMetadata> resources = Manifests.parse(Manifests.read(Manifests.SERVER));
        Deployment deployment = Manifests.only(resources, Deployment.class);
        Service service = Manifests.only(resources, Service.class);
        Container server = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Container client = job(loadYaml(3)).getSpec().getTemplate().getSpec().getInitContainers().getFirst();
        ServicePort port = service.getSpec().getPorts().getFirst();

        assertThat(server.getImage()).isEqualTo(IMAGE);
        assertThat(CommandLines.usageError(server.getArgs().toArray(String[]::new))).isEmpty();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(server.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(port.getTargetPort().getStrVal());
            assertThat(p.getContainerPort().toString()).isEqualTo(LoadJobCheck.value(server.getArgs(), "--port"));
        });
        assertThat(LoadJobCheck.value(client.getArgs(), "--host")).isEqualTo(service.getMetadata().getName());
        assertThat(LoadJobCheck.value(client.getArgs(), "--port")).isEqualTo(port.getPort().toString());
    }

    /** A change to the load file, and the words of the problem the check must then report. */
    record Mutation(String name, String from, String to, String problem) {
        @Override
        public String toString() {
            return name;
        }

        String apply(String yaml) {
            assertThat(yaml).as("the text this mutation changes").contains(from);
            return yaml.replace(from, to);
        }
    }

    static Stream<Mutation> mutations() {
        return Stream.of(
                new Mutation("not indexed", "completionMode: Indexed", "completionMode: NonIndexed",
                        "not Indexed"),
                new Mutation("a typo in a field name", "completionMode: Indexed",
                        "completionMode: Indexed\n  completionsMode: Indexed", "does not know: .spec.completionsMode"),
                new Mutation("a typo deep in a container", "imagePullPolicy: IfNotPresent\n          args",
                        "imagePullPolcy: IfNotPresent\n          args",
                        "does not know: .spec.template.spec.initContainers[0].imagePullPolcy"),
                new Mutation("fewer pods at once than segments", "parallelism: 3", "parallelism: 2", "differ"),
                new Mutation("retries", "backoffLimit: 0", "backoffLimit: 2", "backoffLimit is 2"),
                new Mutation("restarts", "restartPolicy: Never", "restartPolicy: OnFailure", "not Never"),
                new Mutation("another image", "image: " + IMAGE, "image: timelab:0.0.1", "the build makes"),
                new Mutation("an option timelab does not have", "- --clients", "- --clinets",
                        "timelab rejects the args"),
                new Mutation("every pod the same segment", "- $(JOB_COMPLETION_INDEX)/3", "- 0/3", "again"),
                new Mutation("a segment count other than the completions", "- $(JOB_COMPLETION_INDEX)/3",
                        "- $(JOB_COMPLETION_INDEX)/4", "is not a segment I/3"),
                new Mutation("results printed from another file", "- /results/segment-$(JOB_COMPLETION_INDEX).json\n"
                        + "          resources", "- /results/segment.json\n          resources", "prints"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void aBrokenCopyOfTheLoadJobIsCaught(Mutation mutation) {
        Job broken = job(mutation.apply(loadYaml(3)));

        assertThat(LoadJobCheck.problems(broken, IMAGE)).anySatisfy(p -> assertThat(p).contains(mutation.problem()));
    }

    @Test
    void aKindTheManifestsDoNotUseIsRefused() {
        String yaml = Manifests.read(Manifests.SERVER).replace("kind: Service", "kind: Ingress");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Manifests.parse(yaml)).withMessageContaining("v1/Ingress");
    }
}
