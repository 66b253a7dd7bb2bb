package dev.driftline.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.job.config.ConfigLoader;
import dev.driftline.job.config.DriftlineConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCommandTest {
    @Test
    void aBoundedRunGetsTransactionalIdsAndAConsumerGroupOfItsOwn() throws Exception {
        DriftlineConfig live = ConfigLoader.load(null, List.of("kafka.transactional-id-prefix=shop", "kafka.group-id=shop"));
        DriftlineConfig backfill = ConfigLoader.load(null, List.of("kafka.transactional-id-prefix=shop", "kafka.group-id=shop"));
        RunCommand.separateFromTheLiveJob(backfill);
        assertThat(backfill.kafka.transactionalIdPrefix).isEqualTo("shop-bounded").isNotEqualTo(live.kafka.transactionalIdPrefix);
        assertThat(backfill.kafka.groupId).isEqualTo("shop-bounded");
        assertThat(backfill.jobName).isEqualTo(live.jobName + "-bounded");
    }
}
