package dev.driftline.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftline.job.cli.DriftlineCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes operator manifest and its image agree with the build and the job: there is no cluster here to apply
 * them to, so what can drift apart is checked instead — the jar's path and name, the entry class, the command line
 * (parsed as the job parses it), the configuration file's mount, and the configuration it ends up with.
 */
class KubernetesManifestTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final Path MANIFEST = ROOT.resolve("flink-conf/kubernetes/flinkdeployment.yaml");

    private static JsonNode manifest() throws Exception {
        return ConfigLoader.yamlMapper().readTree(Files.readString(MANIFEST));
    }

    private static List<String> args(JsonNode job) {
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    @Test
    void theDeploymentRunsTheBuiltJarThroughTheCliWithSavepointUpgrades() throws Exception {
        JsonNode m = manifest();
        assertThat(m.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(m.path("kind").asText()).isEqualTo("FlinkDeployment");
        JsonNode job = m.path("spec").path("job");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertThat(Class.forName(job.path("entryClass").asText())).isEqualTo(DriftlineCli.class);

        // the jar the build makes, where the image puts it
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>")
                .matcher(Files.readString(ROOT.resolve("job/pom.xml")));
        assertThat(finalName.find()).isTrue();
        String jarPath = "/opt/flink/usrlib/" + finalName.group(1) + ".jar";
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + jarPath);
        assertThat(Files.readString(ROOT.resolve("flink-conf/kubernetes/Dockerfile")))
                .contains("COPY job/target/" + finalName.group(1) + ".jar " + jarPath);
    }

    @Test
    void theCommandLineParsesAndLoadsTheMountedConfigurationWithTheClustersStorage() throws Exception {
        JsonNode spec = manifest().path("spec");
        List<String> args = args(spec.path("job"));
        CommandLine.ParseResult parsed = DriftlineCli.commandLine().parseArgs(args.toArray(new String[0]));
        CommandLine.ParseResult run = parsed.subcommand();
        assertThat(run.commandSpec().name()).isEqualTo("run");

        // the configuration file is the ConfigMap's key, mounted where --config points
        String config = run.matchedOptionValue("--config", Path.of("")).toString();
        JsonNode container = spec.path("podTemplate").path("spec").path("containers").get(0);
        assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
        String mount = container.path("volumeMounts").get(0).path("mountPath").asText();
        assertThat(config).isEqualTo(mount + "/driftline.yaml");

        // the shipped example with the manifest's overrides: a valid configuration on the cluster's storage
        List<String> sets = run.matchedOptionValue("--set", List.<String>of());
        DriftlineConfig c = ConfigLoader.load(ROOT.resolve("flink-conf/driftline.yaml"), sets);
        assertThat(c.checkpoints.dir).as("the cluster's checkpoint directory, not /tmp").isEmpty();
        assertThat(c.sinks.parquetPath).startsWith("s3://");
        assertThat(c.parallelism).isEqualTo(spec.path("job").path("parallelism").asInt());
        assertThat(spec.path("flinkConfiguration").path("execution.checkpointing.dir").asText()).startsWith("s3://");
    }
}
