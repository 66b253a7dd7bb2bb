package dev.driftline.functions.alerts;

/** How one notification delivery ended; failures are reported, never thrown into the pipeline. */
public class DeliveryOutcome {
    public String idempotencyKey;
    public String alert;
    public String entity;
    public String notification;
    public String kind;
    public boolean delivered;
    public int attempts;
    /** Why it failed (no secrets); null when delivered. */
    public String error;

    public DeliveryOutcome() {}
}
