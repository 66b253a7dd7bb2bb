package dev.driftline.functions.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert configurations one operator instance sees: the broadcast state {@link MatchAlerts#ALERTS} (name → resolved
 * JSON), which wins, over the configurations given at start (the job's YAML). Deleting an alert of the start
 * configurations leaves a tombstone (empty text) in the broadcast state so that the deletion outlives a restore.
 * Deleting any other alert leaves a mark ({@link #DELETED}), so that the deletion wins over a configuration carried
 * by an older match.
 * Not serializable: built in {@code open}.
 */
final class AlertBook {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBook.class);
    /** Broadcast-state value of a deleted start configuration. */
    static final String TOMBSTONE = "";
    /**
     * Broadcast-state value of a deleted alert that was not a start configuration: it outvotes the configuration an
     * older match carries, not a start configuration of the same name added to the job's YAML since.
     */
    static final String DELETED = "-";

    private final String owner;
    private final Map<String, String> initial;
    private final Map<String, ResolvedAlert> cache = new HashMap<>();
    /** Trigger event kind → alerts; null when it must be rebuilt. */
    private Map<String, List<ResolvedAlert>> byKind;

    AlertBook(String owner, Map<String, String> initial) {
        this.owner = owner;
        this.initial = initial == null ? new HashMap<>() : new HashMap<>(initial);
    }

    /** The alert configured under {@code name}, or null (unknown, deleted, or its JSON no longer valid). */
    ResolvedAlert get(ReadOnlyBroadcastState<String, String> state, String name) throws Exception {
        return get(state, name, null);
    }

    /**
     * The alert configured under {@code name}; when this instance has not heard of it (neither set nor deleted), the
     * configuration {@code carried} with the input, when given; else null.
     */
    ResolvedAlert get(ReadOnlyBroadcastState<String, String> state, String name, String carried) throws Exception {
        if (name == null) {
            return null;
        }
        String text = state.get(name);
        if (DELETED.equals(text)) {
            text = initial.get(name);
        } else if (text == null) {
            text = initial.get(name);
            if (text == null) {
                text = carried;
            }
        }
        if (text == null || text.isEmpty()) {
            return null;
        }
        ResolvedAlert cached = cache.get(name);
        if (cached != null && (cached.json == text || cached.json.equals(text))) {
            return cached;
        }
        try {
            ResolvedAlert alert = ResolvedAlert.parse(text);
            cache.put(name, alert);
            return alert;
        } catch (IllegalArgumentException e) {
            LOG.error("{}: alert {} in state is not valid, ignoring it: {}", owner, name, e.getMessage());
            return null;
        }
    }

    /** The alerts triggered by events of this kind (any entity, any project: the caller checks those). */
    List<ResolvedAlert> forKind(ReadOnlyBroadcastState<String, String> state, String kind) throws Exception {
        if (byKind == null) {
            Set<String> names = new LinkedHashSet<>(initial.keySet());
            for (Map.Entry<String, String> e : state.immutableEntries()) {
                names.add(e.getKey());
            }
            Map<String, List<ResolvedAlert>> index = new HashMap<>();
            for (String name : names) {
                ResolvedAlert alert = get(state, name);
                if (alert != null) {
                    for (String k : new LinkedHashSet<>(alert.config.triggerEvents)) {
                        index.computeIfAbsent(k, x -> new ArrayList<>()).add(alert);
                    }
                }
            }
            byKind = index;
        }
        return byKind.getOrDefault(kind, List.of());
    }

    /**
     * Applies a {@code set}: resolves and validates the configuration and stores it. The control's name, when given,
     * names the alert when the JSON does not, and must agree with it when it does.
     *
     * @return the alert now configured, or null when the control was invalid and ignored
     */
    ResolvedAlert set(BroadcastState<String, String> state, AlertControl control) throws Exception {
        if (control.json == null || control.json.isBlank()) {
            LOG.error("{}: ignoring alert set for {} without a configuration", owner, control.name);
            return null;
        }
        AlertConfig config;
        try {
            config = AlertTemplates.fromJson(control.json);
        } catch (Exception e) {
            LOG.error("{}: ignoring alert set for {} whose configuration does not parse: {}", owner, control.name, e.getMessage());
            return null;
        }
        if (config == null) {
            LOG.error("{}: ignoring alert set for {} with an empty configuration", owner, control.name);
            return null;
        }
        if (config.name == null) {
            config.name = control.name;
        } else if (control.name != null && !control.name.equals(config.name)) {
            LOG.error("{}: ignoring alert set for {} whose configuration is named {}", owner, control.name, config.name);
            return null;
        }
        AlertConfig resolved = AlertTemplates.resolve(config);
        List<String> problems = AlertTemplates.validate(resolved);
        if (!problems.isEmpty()) {
            LOG.error("{}: ignoring invalid alert {}: {}", owner, config.name, String.join("; ", problems));
            return null;
        }
        String json = AlertTemplates.toJson(resolved);
        ResolvedAlert alert = ResolvedAlert.parse(json);
        state.put(alert.name(), json);
        cache.put(alert.name(), alert);
        byKind = null;
        LOG.info("{}: alert {} set", owner, alert.name());
        return alert;
    }

    /**
     * Applies a {@code delete}; returns whether the alert was configured. It leaves a tombstone whether or not the alert
     * was a start configuration, so that a match made before the deletion, carrying its configuration, is not counted
     * after it. (Tombstones are as many as the names ever deleted; a later {@code set} replaces one.)
     */
    boolean delete(BroadcastState<String, String> state, String name) throws Exception {
        if (name == null) {
            return false;
        }
        boolean existed = get(state, name) != null;
        state.put(name, initial.containsKey(name) ? TOMBSTONE : DELETED);
        cache.remove(name);
        byKind = null;
        LOG.info("{}: alert {} deleted{}", owner, name, existed ? "" : " (it was not configured)");
        return existed;
    }
}
