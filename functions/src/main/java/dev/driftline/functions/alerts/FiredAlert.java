package dev.driftline.functions.alerts;

import java.util.ArrayList;
import java.util.List;

/** An alert that fired: what the alert topic carries and what notifications say. */
public class FiredAlert {
    /** Stable per firing ({@code alert|entity|firing time}): the idempotency key of its notifications. */
    public String id;
    public String alert;
    public String project;
    public String entity;
    public String severity;
    /** The summary template with its placeholders filled in. */
    public String summary;
    /** Event time of the firing: the time of the event that met the criteria (epoch ms). */
    public long time;
    /** Ids of the events that triggered it (the ones counted in the period). */
    public List<String> events = new ArrayList<>();
    /** Kinds of those events, in the same order. */
    public List<String> eventKinds = new ArrayList<>();
    public String resetPolicy;

    public FiredAlert() {}
}
