package dev.driftline.sinks.notify;

/**
 * A notification could not be delivered. The message names the channel (kind and notification name), the
 * receiver's non-secret address part (scheme://host:port) and the status or error class — never a secret.
 */
public class NotificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final int status;

    /**
     * @param retryable whether another attempt may succeed (5xx, 408, 429, I/O errors: yes; configuration errors,
     *     other 4xx, rejected credentials: no)
     * @param status the HTTP status or SMTP reply code, or -1
     */
    public NotificationException(String message, boolean retryable, int status) {
        super(message);
        this.retryable = retryable;
        this.status = status;
    }

    public NotificationException(String message, boolean retryable) {
        this(message, retryable, -1);
    }

    /** A configuration error: never retried. */
    public static NotificationException config(String message) {
        return new NotificationException(message, false);
    }

    public boolean retryable() {
        return retryable;
    }

    /** HTTP status (or -1 when there was no response). */
    public int status() {
        return status;
    }
}
