package dev.driftline.functions.decode;

import dev.driftline.functions.model.DeadLetter;
import dev.driftline.functions.model.InferenceError;
import dev.driftline.functions.model.InferenceRecord;
import dev.driftline.functions.model.RawEvent;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw MLRun serving events (spec §1): one {@link InferenceRecord} per input row on the main output, failed
 * requests on {@link #ERRORS}, and every event that cannot be decoded on {@link #DEAD_LETTERS} with its reason and
 * Kafka coordinates — nothing is dropped silently, and a bad event never fails the job.
 *
 * <p>Metrics (counters): {@code eventsDecoded}, {@code recordsDecoded}, {@code errorEvents}, {@code eventsDeadLettered}.
 */
public class DecodeInferenceEvents extends ProcessFunction<RawEvent, InferenceRecord> {
    private static final long serialVersionUID = 1L;

    /** Failed requests (events with {@code error}). */
    public static final OutputTag<InferenceError> ERRORS =
            new OutputTag<>("inference-errors", TypeInformation.of(InferenceError.class));

    /** Events that could not be decoded, with the reason. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("decode-dead-letters", TypeInformation.of(DeadLetter.class));

    private final DecoderSettings settings;

    private transient MlrunEventDecoder decoder;
    private transient Counter eventsDecoded;
    private transient Counter recordsDecoded;
    private transient Counter errorEvents;
    private transient Counter eventsDeadLettered;

    public DecodeInferenceEvents(DecoderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public DecodeInferenceEvents() {
        this(DecoderSettings.DEFAULTS);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        decoder = new MlrunEventDecoder(settings);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsDecoded = metrics.counter("eventsDecoded");
        recordsDecoded = metrics.counter("recordsDecoded");
        errorEvents = metrics.counter("errorEvents");
        eventsDeadLettered = metrics.counter("eventsDeadLettered");
    }

    @Override
    public void processElement(RawEvent event, Context ctx, Collector<InferenceRecord> out) {
        long now = ctx.timerService().currentProcessingTime();
        // Decoded at the source already (for the event time) unless the event crossed the network since.
        DecodeResult result = event.decoded != null ? event.decoded : decoder.decode(event.value, now);
        switch (result.kind()) {
            case RECORDS:
                Long stamped = ctx.timestamp();
                long when = result.records().get(0).timestamp;
                if (stamped != null && stamped != when) {
                    // Windows use the record's stream timestamp, set at the source (from the rows it decoded, or
                    // from a quick look at `when` for an event it could not decode); an event whose time there
                    // differs from its rows' must not reach the windows with the wrong event time.
                    eventsDeadLettered.inc();
                    ctx.output(DEAD_LETTERS, DeadLetter.of("field 'when' could not be read where the event entered "
                            + "the job (event time " + stamped + " there, " + when + " decoded)", event, now));
                    break;
                }
                eventsDecoded.inc();
                for (InferenceRecord r : result.records()) {
                    out.collect(r);
                }
                recordsDecoded.inc(result.records().size());
                break;
            case ERROR:
                eventsDecoded.inc();
                errorEvents.inc();
                ctx.output(ERRORS, result.error());
                break;
            default:
                eventsDeadLettered.inc();
                ctx.output(DEAD_LETTERS, DeadLetter.of(result.failureReason(), event, now));
        }
    }
}
