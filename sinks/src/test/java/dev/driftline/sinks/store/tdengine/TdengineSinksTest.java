package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.store.StoreSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class TdengineSinksTest {

    static StoreSettings settings() {
        StoreSettings s = new StoreSettings();
        s.type = "tdengine";
        s.url = "jdbc:TAOS-WS://tsdb:6041/";
        return s;
    }

    /** uid:name of every operator from the sinks back to (not including) the sources. */
    static List<String> operators(StreamExecutionEnvironment env) {
        List<String> out = new ArrayList<>();
        for (Transformation<?> t : env.getTransformations()) {
            for (Transformation<?> x = t; x != null && !x.getInputs().isEmpty(); x = x.getInputs().get(0)) {
                out.add(x.getUid() + ":" + x.getName());
            }
        }
        return out.stream().distinct().toList();
    }

    @Test
    void sinksAndFiltersHaveStableUidsAndNames() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TdengineSinks.results(env.fromData(TestRows.metric("p", "e", "a", "n", 0, 1, 1)), settings());
        TdengineSinks.predictions(env.fromData(TestRows.activity("p", "e", 0, 1, null, 1, 1)), settings());
        TdengineSinks.errors(env.fromData(TestRows.error("p", "e", 1, "t", "x")), settings());
        assertThat(operators(env)).containsExactlyInAnyOrder(
                "sink-results-tdengine:Results and metrics to TDengine",
                "filter-results-tdengine:Storable results (TDengine)",
                "sink-predictions-tdengine:Endpoint activity to TDengine",
                "filter-predictions-tdengine:Storable endpoint activity (TDengine)",
                "sink-errors-tdengine:Request errors to TDengine",
                "filter-errors-tdengine:Storable request errors (TDengine)");
    }

    @Test
    void filtersKeepWhatTheStoreCanKey() {
        var results = new TdengineSinks.StorableResult();
        assertThat(results.filter(TestRows.metric("p", "e", "a", "n", 0, 1, 1))).isTrue();
        assertThat(results.filter(TestRows.result("p", "e", "a", "n", 0, 1, 1, 0, 0, null))).isTrue();
        MonitoringResult other = TestRows.metric("p", "e", "a", "n", 0, 1, 1);
        other.type = "notice";
        assertThat(results.filter(other)).isFalse();
        assertThat(results.filter(TestRows.metric("p", null, "a", "n", 0, 1, 1))).isFalse();

        EndpointActivity noEndpoint = TestRows.activity("p", null, 0, 1, null, 1, 1);
        assertThat(new TdengineSinks.ActivityWithEndpoint().filter(noEndpoint)).isFalse();
        InferenceError noEndpointError = TestRows.error("p", null, 1, "t", "x");
        assertThat(new TdengineSinks.ErrorWithEndpoint().filter(noEndpointError)).isFalse();
    }
}
