package io.pathstats.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {
    @Test
    void defaultsApplyWhenUnset() {
        Env env = new Env(Map.of());
        assertThat(KafkaSettings.fromEnv(env).bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(KafkaSettings.fromEnv(env).dlqTopic()).isEqualTo("traffic-events-dlq");
        assertThat(HttpSettings.fromEnv(env, 8080).port()).isEqualTo(8080);
        assertThat(env.duration("X", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void durationsAcceptUnitsAndIso() {
        Env env = new Env(Map.of("A", "500ms", "B", "3d", "C", "PT2M"));
        assertThat(env.duration("A", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(env.duration("B", null)).isEqualTo(Duration.ofDays(3));
        assertThat(env.duration("C", null)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void invalidValuesFailNamingTheVariable() {
        assertThatThrownBy(() -> HttpSettings.fromEnv(new Env(Map.of("PATHSTATS_HTTP_PORT", "eighty")), 8080))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PATHSTATS_HTTP_PORT");
        assertThatThrownBy(() -> HttpSettings.fromEnv(new Env(Map.of("PATHSTATS_HTTP_PORT", "70000")), 8080))
                .hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> new Env(Map.of("D", "5 parsecs")).duration("D", null)).hasMessageContaining("D=5 parsecs");
        assertThatThrownBy(() -> DbSettings.fromEnv(new Env(Map.of("PATHSTATS_DB_URL", "mysql://x")))).hasMessageContaining("PATHSTATS_DB_URL");
        assertThatThrownBy(() -> new Env(Map.of("F", "maybe")).bool("F", true)).hasMessageContaining("F=maybe");
    }

    @Test
    void everySecretCanComeFromAFileButNotFromBothPlaces(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("db-password");
        Files.writeString(file, "s3cr3t with spaces\n");
        for (String secret : Settings.SECRETS) {
            assertThat(Settings.ALL).contains(secret, secret + "_FILE");
            assertThat(new Env(Map.of(secret + "_FILE", file.toString())).secret(secret, "default")).isEqualTo("s3cr3t with spaces");
        }
        assertThat(DbSettings.fromEnv(new Env(Map.of("PATHSTATS_DB_PASSWORD_FILE", file.toString()))).password())
                .isEqualTo("s3cr3t with spaces");
        assertThatThrownBy(() -> new Env(Map.of("PATHSTATS_ADMIN_TOKEN", "x", "PATHSTATS_ADMIN_TOKEN_FILE", file.toString()))
                .secret(Settings.ADMIN_TOKEN, "")).hasMessageContaining("both PATHSTATS_ADMIN_TOKEN and PATHSTATS_ADMIN_TOKEN_FILE");
        assertThatThrownBy(() -> new Env(Map.of("PATHSTATS_ADMIN_TOKEN_FILE", dir.resolve("missing").toString()))
                .secret(Settings.ADMIN_TOKEN, "")).hasMessageContaining("PATHSTATS_ADMIN_TOKEN_FILE=").hasMessageContaining("missing");
    }

    @Test
    void unknownPathstatsVariablesAreRejected() {
        Env env = new Env(Map.of("PATHSTATS_HTTP_PROT", "1", "HOME", "/root"));
        assertThatThrownBy(() -> env.rejectUnknown(Settings.ALL)).hasMessageContaining("PATHSTATS_HTTP_PROT");
        new Env(Map.of("PATHSTATS_HTTP_PORT", "1", "HOME", "/root")).rejectUnknown(Settings.ALL);
        // read by the launcher and the test fixtures, so present in a service's environment
        new Env(Map.of("PATHSTATS_JAVA_OPTS", "-Xmx1g", "PATHSTATS_TEST_DB_URL", "jdbc:postgresql://x/y")).rejectUnknown(Settings.ALL);
    }

    @Test
    void secretsDoNotAppearInToString() {
        DbSettings db = DbSettings.fromEnv(new Env(Map.of("PATHSTATS_DB_PASSWORD", "hunter2")));
        assertThat(db.toString()).doesNotContain("hunter2");
        S3Settings s3 = S3Settings.fromEnv(new Env(Map.of("PATHSTATS_S3_SECRET_KEY", "s3cr3t")));
        assertThat(s3.toString()).doesNotContain("s3cr3t");
    }
}
