package dev.driftline.sinks.notify;

import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A channel that POSTs JSON over {@link java.net.http.HttpClient} asynchronously. The target is {@code url} or
 * {@code url_ref} (resolved at each send, so a rotated secret is picked up); only its {@code scheme://host:port} ever
 * appears in messages.
 */
abstract class HttpJsonChannel implements NotificationChannel {
    protected final NotificationConfig config;
    protected final SecretResolver secrets;
    protected final ChannelResources resources;
    private final String name;
    /** Parsed plain {@code url}, or null when {@code url_ref} is used. */
    private final URI plainUrl;

    HttpJsonChannel(NotificationConfig config, SecretResolver secrets, ChannelResources resources) {
        this.config = config;
        this.secrets = secrets;
        this.resources = resources;
        this.name = config.effectiveName();
        boolean hasUrl = config.url != null && !config.url.isBlank();
        boolean hasRef = config.urlRef != null && !config.urlRef.isBlank();
        if (hasUrl == hasRef) {
            throw NotificationException.config(describe() + ": set exactly one of url and url_ref");
        }
        if (hasRef) {
            SecretResolver.checkReference("url_ref", config.urlRef);
            plainUrl = null;
        } else {
            plainUrl = parseUrl(config.url.trim());
        }
    }

    /** The JSON body to POST. */
    protected abstract byte[] body(NotificationRequest request);

    /** Headers to add after the configured ones (they win over configured ones). */
    protected Map<String, String> extraHeaders(NotificationRequest request, byte[] body, List<String> secretsSeen) {
        return Map.of();
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code <kind> notification '<name>'}. */
    protected final String describe() {
        return kind() + " notification '" + name + "'";
    }

    @Override
    public CompletableFuture<Void> send(NotificationRequest request) {
        List<String> secretsSeen = new ArrayList<>();
        URI uri;
        HttpRequest httpRequest;
        try {
            uri = plainUrl != null ? plainUrl : parseUrl(secrets.resolve("url_ref", config.urlRef).trim());
            secretsSeen.addAll(Redaction.secretParts(uri));
            byte[] body = body(request);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=utf-8");
            if (config.headers != null) {
                config.headers.forEach((k, v) -> {
                    headers.put(k, v);
                    secretsSeen.add(v); // e.g. an Authorization header
                });
            }
            headers.putAll(extraHeaders(request, body, secretsSeen));
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(resources.httpRequestTimeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, String> h : headers.entrySet()) {
                try {
                    b.setHeader(h.getKey(), h.getValue() == null ? "" : h.getValue());
                } catch (IllegalArgumentException e) {
                    throw NotificationException.config(
                            describe() + ": header '" + h.getKey() + "' cannot be set (restricted or invalid)");
                }
            }
            httpRequest = b.build();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        String target = Redaction.origin(uri);
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = resources.httpClient().sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new NotificationException(
                    describe() + " to " + target + " failed: " + Redaction.describe(e, secretsSeen), false));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        sent.whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                result.completeExceptionally(new NotificationException(
                        describe() + " to " + target + " failed: " + Redaction.describe(cause, secretsSeen), true));
                return;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                result.complete(null);
                return;
            }
            String body = response.body();
            String excerpt = body == null || body.isBlank()
                    ? ""
                    : " (" + Redaction.truncate(Redaction.scrub(body.strip(), secretsSeen), 120) + ")";
            result.completeExceptionally(new NotificationException(
                    describe() + " to " + target + " failed: HTTP " + status + excerpt, retryableStatus(status),
                    status));
        });
        return result;
    }

    /** 408, 425, 429 and 5xx may pass on a later attempt; other statuses (4xx, 3xx) will not. */
    static boolean retryableStatus(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    private URI parseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw NotificationException.config(describe() + ": url is not a valid URL (value not shown)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw NotificationException.config(describe() + ": url must be an absolute http(s) URL with a host"
                    + " (value not shown)");
        }
        return uri;
    }
}
