package io.pathstats.pipeline.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdTest {
    @Test
    void anInstanceKeepsItsIdAcrossRestartsAndAnotherDirectoryGetsAnother(@TempDir Path dir) throws Exception {
        InstanceId first = InstanceId.of(dir.resolve("a"));
        assertThat(InstanceId.of(dir.resolve("a"))).isEqualTo(first);
        assertThat(InstanceId.of(dir.resolve("b"))).isNotEqualTo(first);
        Files.writeString(dir.resolve("a").resolve("instance-id"), "no spaces allowed");
        assertThatThrownBy(() -> InstanceId.of(dir.resolve("a"))).hasMessageContaining("instance id");
    }

    @Test
    void streamsTransactionalIdsKeepTheThreadIndexButNotTheRandomProcessId() {
        StableTransactionalIds ids = new StableTransactionalIds("pathstats-pipeline", new InstanceId("i1"));
        assertThat(ids.stableId("pathstats-pipeline-02be9a63-34b2-4639-9539-d9b4a7ee3a12-3")).isEqualTo("pathstats-pipeline-i1-3");
        assertThat(ids.stableId("pathstats-pipeline-dca0e9ff-9a30-4244-a41a-84906c718dc4-3")).isEqualTo("pathstats-pipeline-i1-3");
    }
}
