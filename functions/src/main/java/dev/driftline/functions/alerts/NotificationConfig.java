package dev.driftline.functions.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notification of an alert. Secrets are never written here: {@code *_ref} fields name where to read them
 * ({@code env:VAR} or {@code file:/path}, e.g. a mounted Kubernetes secret).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotificationConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Unique within the alert; defaults to {@code kind}. */
    @JsonProperty("name")
    public String name;
    /** {@code webhook}, {@code slack}, {@code email} or {@code console}. */
    @JsonProperty("kind")
    public String kind;
    /** Minimum time between two notifications of this (alert, entity, notification); duration text, e.g. {@code 1h}. */
    @JsonProperty("cooldown_period")
    public String cooldownPeriod = "0s";

    // webhook and slack
    @JsonProperty("url")
    public String url;
    /** Where to read the URL instead (Slack webhook URLs are secrets): {@code env:VAR} or {@code file:/path}. */
    @JsonProperty("url_ref")
    public String urlRef;
    @JsonProperty("headers")
    public Map<String, String> headers = new LinkedHashMap<>();
    /** HMAC-SHA256 key reference for the webhook signature header ({@code X-Driftline-Signature: sha256=<hex>}). */
    @JsonProperty("hmac_secret_ref")
    public String hmacSecretRef;

    // email
    @JsonProperty("smtp_host")
    public String smtpHost;
    @JsonProperty("smtp_port")
    public Integer smtpPort;
    /** {@code none}, {@code starttls} or {@code tls}. */
    @JsonProperty("smtp_security")
    public String smtpSecurity = "starttls";
    @JsonProperty("smtp_username_ref")
    public String smtpUsernameRef;
    @JsonProperty("smtp_password_ref")
    public String smtpPasswordRef;
    @JsonProperty("from")
    public String from;
    @JsonProperty("to")
    public List<String> to;

    public String effectiveName() {
        return name != null && !name.isBlank() ? name : kind;
    }
}
