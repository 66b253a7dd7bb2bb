package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.NotificationConfig;
import java.util.Locale;

/** Creates the channel of a notification configuration by its {@code kind}. */
public final class Channels {
    public static final String KINDS = "webhook, slack, email, console";

    private Channels() {}

    /** A channel using the process-wide {@link ChannelResources#shared()} resources. */
    public static NotificationChannel forConfig(NotificationConfig config, SecretResolver secrets) {
        return forConfig(config, secrets, ChannelResources.shared());
    }

    /**
     * A channel for {@code config}, validated now (required fields, reference syntax); secrets are read at each send.
     *
     * @throws NotificationException (not retryable) for an unknown or missing kind or an invalid configuration
     * @throws SecretResolver.SecretResolutionException for a secret field holding a plain value
     */
    public static NotificationChannel forConfig(
            NotificationConfig config, SecretResolver secrets, ChannelResources resources) {
        if (config == null) {
            throw NotificationException.config("notification configuration is missing");
        }
        String name = config.effectiveName();
        if (config.kind == null || config.kind.isBlank()) {
            throw NotificationException.config(
                    "notification '" + name + "' has no kind; expected one of: " + KINDS);
        }
        switch (config.kind.trim().toLowerCase(Locale.ROOT)) {
            case WebhookChannel.KIND:
                return new WebhookChannel(config, secrets, resources);
            case SlackChannel.KIND:
                return new SlackChannel(config, secrets, resources);
            case EmailChannel.KIND:
                return new EmailChannel(config, secrets, resources);
            case ConsoleChannel.KIND:
                return new ConsoleChannel(config);
            default:
                throw NotificationException.config("unknown notification kind '" + config.kind + "' of notification '"
                        + name + "'; expected one of: " + KINDS);
        }
    }
}
