package dev.driftline.sinks.store.tdengine;

import dev.driftline.functions.model.EndpointActivity;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.MonitoringResult;
import dev.driftline.sinks.store.StoreSettings;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * Attaches the TDengine sinks to the job's streams. Each sink sits behind a filter that drops what the store cannot
 * key (no endpoint id; for results, a type other than result or metric), so such elements are visible as a filter's
 * output count rather than silently skipped inside the writer. Uids are fixed: they name the operators' state in
 * savepoints, so they must not change.
 */
public final class TdengineSinks {
    public static final String UID_RESULTS_FILTER = "filter-results-tdengine";
    public static final String UID_RESULTS_SINK = "sink-results-tdengine";
    public static final String UID_PREDICTIONS_FILTER = "filter-predictions-tdengine";
    public static final String UID_PREDICTIONS_SINK = "sink-predictions-tdengine";
    public static final String UID_ERRORS_FILTER = "filter-errors-tdengine";
    public static final String UID_ERRORS_SINK = "sink-errors-tdengine";

    private TdengineSinks() {}

    /** Results into {@code app_results} and metrics into {@code metrics}. */
    public static DataStreamSink<MonitoringResult> results(DataStream<MonitoringResult> results,
                                                           StoreSettings settings) {
        return results.filter(new StorableResult()).uid(UID_RESULTS_FILTER).name("Storable results (TDengine)")
                .sinkTo(new TdengineSink<>(settings, TdengineRows.MONITORING_RESULTS))
                .uid(UID_RESULTS_SINK).name("Results and metrics to TDengine");
    }

    /** Endpoint activity into {@code predictions}. */
    public static DataStreamSink<EndpointActivity> predictions(DataStream<EndpointActivity> activity,
                                                               StoreSettings settings) {
        return activity.filter(new ActivityWithEndpoint()).uid(UID_PREDICTIONS_FILTER)
                .name("Storable endpoint activity (TDengine)")
                .sinkTo(new TdengineSink<>(settings, TdengineRows.PREDICTIONS))
                .uid(UID_PREDICTIONS_SINK).name("Endpoint activity to TDengine");
    }

    /** Request errors into {@code errors}. */
    public static DataStreamSink<InferenceError> errors(DataStream<InferenceError> errors, StoreSettings settings) {
        return errors.filter(new ErrorWithEndpoint()).uid(UID_ERRORS_FILTER).name("Storable request errors (TDengine)")
                .sinkTo(new TdengineSink<>(settings, TdengineRows.ERRORS))
                .uid(UID_ERRORS_SINK).name("Request errors to TDengine");
    }

    /** A result or a metric of a known endpoint. */
    static final class StorableResult implements FilterFunction<MonitoringResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(MonitoringResult r) {
            return r.endpointId != null
                    && (MonitoringResult.RESULT.equals(r.type) || MonitoringResult.METRIC.equals(r.type));
        }
    }

    static final class ActivityWithEndpoint implements FilterFunction<EndpointActivity> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(EndpointActivity a) {
            return a.endpointId != null;
        }
    }

    static final class ErrorWithEndpoint implements FilterFunction<InferenceError> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(InferenceError e) {
            return e.endpointId != null;
        }
    }
}
