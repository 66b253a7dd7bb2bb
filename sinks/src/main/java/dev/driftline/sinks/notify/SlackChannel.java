package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;

/**
 * Slack incoming webhook: {@code {"text": "<summary>", "blocks": [section with severity/entity/alert, context with
 * time and events]}} POSTed as JSON to {@code url} or, better, {@code url_ref} — a Slack webhook URL is a secret, so
 * only {@code https://hooks.slack.com:443} ever appears in messages. Configured {@code headers} are sent too
 * (e.g. for a proxy in between).
 */
public final class SlackChannel extends HttpJsonChannel {
    public static final String KIND = "slack";

    public SlackChannel(NotificationConfig config, SecretResolver secrets, ChannelResources resources) {
        super(config, secrets, resources);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected byte[] body(NotificationRequest request) {
        return NotificationPayloads.bytes(NotificationPayloads.slackJson(request));
    }
}
