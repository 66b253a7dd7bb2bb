package dev.driftline.functions.alerts;

/** One notification to deliver for one fired alert, after the cooldown said yes. */
public class NotificationRequest {
    /** {@code <fired alert id>|<notification name>}: receivers can recognise a retry, also after a restart. */
    public String idempotencyKey;
    public FiredAlert alert;
    public NotificationConfig notification;

    public NotificationRequest() {}

    public NotificationRequest(FiredAlert alert, NotificationConfig notification) {
        this.alert = alert;
        this.notification = notification;
        this.idempotencyKey = alert.id + "|" + notification.effectiveName();
    }
}
