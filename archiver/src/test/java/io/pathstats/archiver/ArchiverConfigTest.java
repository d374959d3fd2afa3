package io.pathstats.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiverConfigTest {
    @Test
    void defaultSchedulesFollowTheReferenceAndCanBeOverridden() {
        ArchiverConfig defaults = ArchiverConfig.fromEnv(new Env(Map.of()));
        assertThat(defaults.schedules()).containsEntry("archive", "0 0 2 * * ?").containsEntry("cleanup", "0 0 3 * * ?")
                .containsEntry("monitor", "0 0 4 * * ?").containsEntry("snapshot-prune", "0 0 5 ? * SUN");
        ArchiverConfig custom = ArchiverConfig.fromEnv(new Env(Map.of("PATHSTATS_SCHEDULE_ARCHIVE", "0 30 1 * * ?")));
        assertThat(custom.schedules()).containsEntry("archive", "0 30 1 * * ?");
    }

    @Test
    void anInvalidScheduleFailsNamingTheVariable() {
        assertThatThrownBy(() -> ArchiverConfig.fromEnv(new Env(Map.of("PATHSTATS_SCHEDULE_SNAPSHOT_PRUNE", "every sunday"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PATHSTATS_SCHEDULE_SNAPSHOT_PRUNE=every sunday");
    }
}
