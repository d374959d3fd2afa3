package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Dockerfile as a user runs them: pinned images, Kafka as tested,
 * healthchecks and healthy dependencies for the app services, dependencies cached in their own layer.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> APP_SERVICES = List.of("pipeline", "archiver", "query-api");

    private static JsonNode services() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
    }

    @Test
    void everyImageIsPinnedAndKafkaIsTheVersionTheCodeUses() throws Exception {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher kafkaVersion = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertThat(kafkaVersion.find()).isTrue();
        List<String> images = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            JsonNode image = service.getValue().get("image");
            assertThat(image).as(service.getKey() + " has an image").isNotNull();
            images.add(image.asText());
            assertThat(image.asText()).as(service.getKey()).contains(":").doesNotEndWith(":latest");
        }
        assertThat(images).contains("apache/kafka:" + kafkaVersion.group(1));
    }

    @Test
    void appServicesHaveHealthchecksAndWaitForHealthyDependencies() throws Exception {
        JsonNode services = services();
        for (String name : APP_SERVICES) {
            JsonNode service = services.get(name);
            JsonNode test = service.at("/healthcheck/test");
            assertThat(test.isArray()).as(name + " healthcheck").isTrue();
            String command = test.toString();
            assertThat(command).as(name).contains("\"health\"").contains(":" + service.at("/environment/PATHSTATS_HTTP_PORT").asText() + "/health");
            for (Iterator<Map.Entry<String, JsonNode>> deps = service.get("depends_on").fields(); deps.hasNext(); ) {
                Map.Entry<String, JsonNode> dep = deps.next();
                assertThat(dep.getValue().get("condition").asText()).as(name + " waits for " + dep.getKey()).isEqualTo("service_healthy");
                assertThat(services.get(dep.getKey()).has("healthcheck")).as(dep.getKey() + " has a healthcheck").isTrue();
            }
        }
    }

    @Test
    void theDockerfileCachesTheDependenciesOfEveryModuleInALayerOfTheirOwn() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        int count = 0;
        while (modules.find()) {
            count++;
            assertThat(dockerfile).as("the dependency layer copies " + modules.group(1) + "/pom.xml")
                    .contains("COPY " + modules.group(1) + "/pom.xml " + modules.group(1) + "/");
        }
        assertThat(count).isGreaterThan(5);
        // the dependencies are resolved before the sources are copied
        assertThat(dockerfile.indexOf("-Dmaven.test.skip=true package")).isPositive().isLessThan(dockerfile.indexOf("COPY . ."));
    }
}
