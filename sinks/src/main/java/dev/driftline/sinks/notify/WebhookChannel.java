package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generic webhook: an async JSON POST of {@code {idempotency_key, alert, project, entity, severity, summary, time,
 * events, event_kinds}} to {@code url} (or {@code url_ref}), with the configured {@code headers}, an
 * {@code Idempotency-Key} header and, when {@code hmac_secret_ref} is set, {@code X-Driftline-Signature:
 * sha256=<hex HMAC-SHA256 of the exact body bytes>}. A non-2xx status or an I/O error fails the send.
 */
public final class WebhookChannel extends HttpJsonChannel {
    public static final String KIND = "webhook";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String SIGNATURE_HEADER = "X-Driftline-Signature";

    public WebhookChannel(NotificationConfig config, SecretResolver secrets, ChannelResources resources) {
        super(config, secrets, resources);
        if (config.hmacSecretRef != null && !config.hmacSecretRef.isBlank()) {
            SecretResolver.checkReference("hmac_secret_ref", config.hmacSecretRef);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected byte[] body(NotificationRequest request) {
        return NotificationPayloads.bytes(NotificationPayloads.webhookJson(request));
    }

    @Override
    protected Map<String, String> extraHeaders(NotificationRequest request, byte[] body, List<String> secretsSeen) {
        Map<String, String> h = new LinkedHashMap<>();
        if (request.idempotencyKey != null) {
            h.put(IDEMPOTENCY_HEADER, request.idempotencyKey);
        }
        if (config.hmacSecretRef != null && !config.hmacSecretRef.isBlank()) {
            String key = secrets.resolve("hmac_secret_ref", config.hmacSecretRef);
            secretsSeen.add(key);
            h.put(SIGNATURE_HEADER, "sha256=" + hmacSha256Hex(key, body));
        }
        return h;
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} with the UTF-8 bytes of {@code key}. */
    public static String hmacSha256Hex(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
