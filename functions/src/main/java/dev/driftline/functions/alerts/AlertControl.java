package dev.driftline.functions.alerts;

/**
 * A change to the alert configurations read from the alert control topic: {@code set} (add or update an alert,
 * {@link #json} is its AlertConfig), {@code delete} ({@link #name}), {@code reset} (a manual alert of {@link #name} on
 * {@link #entity}, or on every entity when null).
 */
public class AlertControl {
    public static final String SET = "set";
    public static final String DELETE = "delete";
    public static final String RESET = "reset";

    public String action;
    public String name;
    public String entity;
    public String json;
    /** When the command was issued (epoch ms), for ordering and logs. */
    public long time;

    public AlertControl() {}
}
