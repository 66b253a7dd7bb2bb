package dev.driftline.job.cli;

import dev.driftline.job.config.DriftlineConfig;
import dev.driftline.job.topology.DriftlineJob;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the monitoring job: on the cluster under {@code flink run}, else in a local mini cluster. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the monitoring job.")
public class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--bounded", description = "stop at the inference topic's current end (replay / backfill)")
    boolean bounded;

    @Override
    public Integer call() throws Exception {
        DriftlineConfig config = options.load();
        if (bounded) {
            separateFromTheLiveJob(config);
        }
        // Without its topics the Kafka source fails to start and the job restarts forever; create what is missing
        // (the control topic compacted) and refuse a control topic that would lose definitions to retention.
        KafkaClients.ensureTopics(config, 2);
        KafkaClients.requireCompacted(config, config.topics.endpoints);
        KafkaClients.requireCompacted(config, config.topics.alertControl);
        StreamExecutionEnvironment env = DriftlineJob.environment(config);
        DriftlineJob.build(env, config, bounded);
        env.execute(config.jobName);
        return 0;
    }

    /**
     * A replay or backfill usually runs next to the live job with the same configuration. Sharing its transactional
     * id prefix, it would fence the live job's producers (which then fail over); sharing its consumer group, it would
     * commit its offsets over the live job's. A bounded run gets its own of both.
     */
    static void separateFromTheLiveJob(DriftlineConfig config) {
        config.kafka.transactionalIdPrefix = config.kafka.transactionalIdPrefix + "-bounded";
        config.kafka.groupId = config.kafka.groupId + "-bounded";
        config.jobName = config.jobName + "-bounded";
    }
}
