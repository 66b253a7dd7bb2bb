package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftline.functions.model.InferenceError;
import dev.driftline.sinks.store.StoreSettings;
import java.time.Duration;
import java.util.HashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sink inside a real Flink job, against a port where no server listens: it survives the job graph's
 * serialization, and the job fails only once max-outage has passed, with an error that names the store and not the
 * password.
 */
class TdengineSinkOutageTest {

    @Test
    void theSinkSurvivesSerialization() throws Exception {
        StoreSettings s = TdengineSecretsTest.settings("jdbc:TAOS-WS://tsdb:6041/");
        TdengineSink<InferenceError> sink = new TdengineSink<>(s, TdengineRows.ERRORS);
        TdengineSink<InferenceError> copy = InstantiationUtil.clone(sink, getClass().getClassLoader());
        assertThat(copy.toString()).isEqualTo(sink.toString());
    }

    @Test
    @Timeout(120)
    void anUnreachableStoreFailsTheJobAfterMaxOutageWithoutShowingThePassword() throws Exception {
        StoreSettings s = TdengineSecretsTest.settings("jdbc:TAOS-WS://127.0.0.1:" + TdengineSecretsTest.closedPort()
                + "/");
        s.maxOutage = Duration.ofSeconds(2);
        s.batchSize = 1;
        HashMap<String, String> env = TdengineSecretsTest.env();
        TdengineSink<InferenceError> sink = new TdengineSink<>(s, TdengineRows.ERRORS, () -> env,
                TdengineSql.DEFAULT_MAX_SQL_BYTES);

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment flink = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        // A row TDengine would take (recent: older than its KEEP is skipped, not sent), so the outage is what fails.
        flink.fromData(TestRows.error("p", "e", System.currentTimeMillis(), "t", "boom")).sinkTo(sink).name("errors");
        long start = System.nanoTime();
        assertThatThrownBy(() -> flink.execute("unreachable TDengine")).satisfies(e -> {
            assertThat(ExceptionUtils.findThrowable(e, OutageRetry.StoreOutageException.class)).isPresent();
            String all = ExceptionUtils.stringifyException(e);
            assertThat(all).contains("cannot connect to TDengine at jdbc:TAOS-WS://127.0.0.1:")
                    .doesNotContain(TdengineSecretsTest.PASSWORD).doesNotContain(TdengineSecretsTest.TOKEN);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
}
