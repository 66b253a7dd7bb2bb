package dev.driftline.functions.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when an alert fires for one entity (spec §6), keyed by {@link #key(AlertMatch) alert and entity}, in event
 * time. It counts the matches within the alert's {@code period} (a sliding window ending at the newest match; at most
 * {@code count} kept); when they reach {@code count} it emits a {@link FiredAlert}. {@code auto} alerts then start
 * counting again; {@code manual} ones become active and ignore matches until a {@code reset} control. For every
 * notification of a firing it emits a {@link NotificationRequest} on {@link #NOTIFICATIONS} unless one of that name
 * was sent for this alert and entity within its {@code cooldown_period} (MLRun stores the cooldown; Driftline applies
 * it). An event-time timer clears counted matches and cooldowns once the watermark makes them irrelevant, so quiet
 * entities keep no state; only the {@code active} flag of a manual alert stays until reset.
 *
 * <p>The configurations come from the same broadcast state {@link #ALERTS} as {@link MatchAlerts}' (fed by the same
 * control stream) over the ones given at start. {@code delete} also clears the alert's keyed state; {@code reset}
 * clears the active flag and counted matches of one entity, or of every entity when the control has none.
 */
public class EvaluateAlert extends KeyedBroadcastProcessFunction<String, AlertMatch, AlertControl, FiredAlert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateAlert.class);

    /** The same descriptor as {@link MatchAlerts#ALERTS}. */
    public static final MapStateDescriptor<String, String> ALERTS = MatchAlerts.ALERTS;

    /** The notifications to deliver, after the cooldown. */
    public static final OutputTag<NotificationRequest> NOTIFICATIONS =
            new OutputTag<>("alert-notifications", TypeInformation.of(NotificationRequest.class));

    /** Separates alert name and entity id in the key (alert names are {@code [a-zA-Z0-9-]+}). */
    public static final char KEY_SEPARATOR = '\u0000';

    /** The key of a match: {@code alert + "\u0000" + entity}. */
    public static final KeySelector<AlertMatch, String> KEY = EvaluateAlert::key;

    static final String DEFAULT_SUMMARY = "Alert {{name}} triggered on {{entity}}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(project|entity|name)\\s*}}");

    /** A counted match. */
    public static class Counted {
        public long time;
        public String id;
        public String kind;

        public Counted() {}

        Counted(long time, String id, String kind) {
            this.time = time;
            this.id = id;
            this.kind = kind;
        }
    }

    static final ListStateDescriptor<Counted> COUNTED = new ListStateDescriptor<>("alert-counted", TypeInformation.of(Counted.class));
    static final ValueStateDescriptor<Boolean> ACTIVE = new ValueStateDescriptor<>("alert-active", Types.BOOLEAN);
    /** Notification name → event time it was last sent. */
    static final MapStateDescriptor<String, Long> NOTIFIED = new MapStateDescriptor<>("alert-notified", Types.STRING, Types.LONG);
    /** The cleanup timer registered for the key. */
    static final ValueStateDescriptor<Long> TIMER = new ValueStateDescriptor<>("alert-cleanup-timer", Types.LONG);

    private final Map<String, String> initial;

    private transient AlertBook book;
    private transient ListState<Counted> counted;
    private transient ValueState<Boolean> active;
    private transient MapState<String, Long> notified;
    private transient ValueState<Long> timer;

    /**
     * @param initial the alerts configured at start (resolved and validated here), the same as {@link MatchAlerts}'
     * @throws IllegalArgumentException when one of them is invalid or two share a name
     */
    public EvaluateAlert(List<AlertConfig> initial) {
        this.initial = new LinkedHashMap<>(AlertTemplates.resolveAll(initial));
    }

    /** {@code alert + "\u0000" + entity}. */
    public static String key(String alert, String entity) {
        return alert + KEY_SEPARATOR + entity;
    }

    public static String key(AlertMatch match) {
        return key(match.alert, match.entity);
    }

    static String alertOf(String key) {
        int i = key.indexOf(KEY_SEPARATOR);
        return i < 0 ? key : key.substring(0, i);
    }

    static String entityOf(String key) {
        int i = key.indexOf(KEY_SEPARATOR);
        return i < 0 ? null : key.substring(i + 1);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        book = new AlertBook(getClass().getSimpleName(), initial);
        counted = getRuntimeContext().getListState(COUNTED);
        active = getRuntimeContext().getState(ACTIVE);
        notified = getRuntimeContext().getMapState(NOTIFIED);
        timer = getRuntimeContext().getState(TIMER);
    }

    @Override
    public void processElement(AlertMatch match, ReadOnlyContext ctx, Collector<FiredAlert> out) throws Exception {
        // The match's own configuration stands in while this instance has not yet heard of the alert (see AlertMatch).
        ResolvedAlert alert = book.get(ctx.getBroadcastState(ALERTS), match.alert, match.config);
        if (alert == null) {
            LOG.debug("Ignoring match of alert {} that is not configured", match.alert);
            clearKey();
            return;
        }
        if (!alert.matches(match.kind, match.entity, match.project)) {
            return; // the alert changed since the match was made
        }
        if (alert.manual) {
            if (Boolean.TRUE.equals(active.value())) {
                return; // fired, waiting for a reset
            }
        } else if (active.value() != null) {
            active.clear(); // the alert was manual before
        }

        List<Counted> list = read();
        long latest = list.isEmpty() ? match.time : Math.max(match.time, list.get(list.size() - 1).time);
        long horizon = minus(latest, alert.periodMs);
        if (match.time < horizon) {
            LOG.debug("Match {} of {} is older than the period of the newer ones, not counted", match.eventId, ctx.getCurrentKey());
            return;
        }
        if (match.eventId != null && list.stream().anyMatch(c -> match.eventId.equals(c.id))) {
            return; // a redelivered event counts once
        }
        int at = list.size();
        while (at > 0 && list.get(at - 1).time > match.time) {
            at--;
        }
        list.add(at, new Counted(match.time, match.eventId, match.kind));
        list.removeIf(c -> c.time < horizon);
        while (list.size() > alert.count) {
            list.remove(0);
        }
        if (list.size() >= alert.count) {
            fire(alert, match, list, ctx, out);
            list.clear();
            if (alert.manual) {
                active.update(true);
            }
        }
        write(list);
        schedule(alert, ctx.timerService());
    }

    private void fire(ResolvedAlert alert, AlertMatch match, List<Counted> list, ReadOnlyContext ctx, Collector<FiredAlert> out)
            throws Exception {
        AlertConfig config = alert.config;
        FiredAlert fired = new FiredAlert();
        fired.alert = alert.name();
        fired.entity = match.entity;
        fired.project = config.project != null ? config.project : match.project;
        fired.severity = config.severity;
        fired.resetPolicy = config.resetPolicy;
        fired.time = match.time;
        fired.id = alert.name() + "|" + match.entity + "|" + match.time;
        fired.summary = summary(config.summary, fired);
        for (Counted c : list) {
            fired.events.add(c.id);
            fired.eventKinds.add(c.kind);
        }
        out.collect(fired);
        LOG.info("Alert {} fired on {} at {} ({} events)", fired.alert, fired.entity, fired.time, fired.events.size());
        for (ResolvedAlert.Notification n : alert.notifications) {
            Long last = notified.get(n.name());
            if (last != null && Math.abs(fired.time - last) < n.cooldownMs()) {
                LOG.debug("Notification {} of {} suppressed: last sent at {}, cooldown {} ms", n.name(), fired.id, last, n.cooldownMs());
                continue;
            }
            ctx.output(NOTIFICATIONS, new NotificationRequest(fired, n.config()));
            if (n.cooldownMs() > 0) {
                notified.put(n.name(), last == null ? fired.time : Math.max(last, fired.time));
            }
        }
    }

    static String summary(String template, FiredAlert fired) {
        String text = template == null ? DEFAULT_SUMMARY : template;
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "project" -> fired.project;
                case "entity" -> fired.entity;
                default -> fired.alert;
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FiredAlert> out) throws Exception {
        if (Objects.equals(timer.value(), timestamp)) {
            timer.clear();
        }
        ResolvedAlert alert = book.get(ctx.getBroadcastState(ALERTS), alertOf(ctx.getCurrentKey()));
        if (alert == null) {
            clearKey();
            return;
        }
        long now = Math.max(timestamp, ctx.timerService().currentWatermark());
        List<Counted> list = read();
        // a match at or before now - period can no longer be counted with any match still to come
        if (list.removeIf(c -> plus(c.time, alert.periodMs) <= now)) {
            write(list);
        }
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> e : notified.entries()) {
            ResolvedAlert.Notification n = notification(alert, e.getKey());
            // a firing after now is more than the cooldown after this notification: it no longer holds anything back
            if (n == null || plus(e.getValue(), n.cooldownMs()) <= now) {
                expired.add(e.getKey());
            }
        }
        for (String name : expired) {
            notified.remove(name); // the map state is cleared with its last entry
        }
        schedule(alert, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(AlertControl control, Context ctx, Collector<FiredAlert> out) throws Exception {
        if (control == null || control.action == null) {
            return;
        }
        switch (control.action) {
            case AlertControl.SET -> book.set(ctx.getBroadcastState(ALERTS), control);
            case AlertControl.DELETE -> {
                if (control.name == null) {
                    return;
                }
                book.delete(ctx.getBroadcastState(ALERTS), control.name);
                clearKeyedState(ctx, COUNTED, control.name, null);
                clearKeyedState(ctx, ACTIVE, control.name, null);
                clearKeyedState(ctx, NOTIFIED, control.name, null);
                clearKeyedState(ctx, TIMER, control.name, null);
            }
            case AlertControl.RESET -> {
                if (control.name == null) {
                    LOG.warn("Ignoring alert reset without an alert name");
                    return;
                }
                clearKeyedState(ctx, ACTIVE, control.name, control.entity);
                clearKeyedState(ctx, COUNTED, control.name, control.entity);
                LOG.info("Alert {} reset on {}", control.name, control.entity == null ? "every entity" : control.entity);
            }
            default -> LOG.warn("Ignoring alert control with unknown action {}", control.action);
        }
    }

    /** Clears one keyed state of the keys of {@code alert} (and {@code entity}, when not null). */
    private static <S extends State, V> void clearKeyedState(Context ctx, StateDescriptor<S, V> descriptor, String alert, String entity)
            throws Exception {
        String prefix = alert + KEY_SEPARATOR;
        ctx.applyToKeyedState(descriptor, (key, state) -> {
            if (key.startsWith(prefix) && (entity == null || entity.equals(key.substring(prefix.length())))) {
                state.clear();
            }
        });
    }

    /** (Re-)registers the one cleanup timer of the current key at the earliest time something can be dropped. */
    private void schedule(ResolvedAlert alert, TimerService timers) throws Exception {
        long due = Long.MAX_VALUE;
        List<Counted> list = read();
        if (!list.isEmpty()) {
            due = plus(list.get(list.size() - 1).time, alert.periodMs);
        }
        for (Map.Entry<String, Long> e : notified.entries()) {
            ResolvedAlert.Notification n = notification(alert, e.getKey());
            due = Math.min(due, n == null ? e.getValue() : plus(e.getValue(), n.cooldownMs()));
        }
        Long current = timer.value();
        if (current != null && current == due) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
            timer.clear();
        }
        if (due != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(due);
            timer.update(due);
        }
    }

    private static ResolvedAlert.Notification notification(ResolvedAlert alert, String name) {
        for (ResolvedAlert.Notification n : alert.notifications) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    private List<Counted> read() throws Exception {
        List<Counted> list = new ArrayList<>();
        Iterable<Counted> stored = counted.get();
        if (stored != null) {
            stored.forEach(list::add);
        }
        return list;
    }

    private void write(List<Counted> list) throws Exception {
        if (list.isEmpty()) {
            counted.clear();
        } else {
            counted.update(list);
        }
    }

    private void clearKey() {
        counted.clear();
        active.clear();
        notified.clear();
        timer.clear();
    }

    private static long plus(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long minus(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }
}
