package dev.driftline.sinks.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.driftline.functions.alerts.DeliveryOutcome;
import dev.driftline.functions.alerts.NotificationConfig;
import dev.driftline.functions.alerts.NotificationRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.function.SerializableSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notification requests through their channels (webhook, Slack, e-mail, console) asynchronously, retrying
 * failures with exponential backoff, and emits exactly one {@link DeliveryOutcome} per request — delivered or not.
 * Failures are reported as outcomes ({@code delivered=false}, {@code error} without secrets), never thrown into the
 * pipeline.
 *
 * <p>Wiring (the operator timeout must not cut a retry sequence short, so use at least
 * {@link RetryPolicy#recommendedAsyncTimeout()} — total backoff plus every attempt's timeout plus a margin; 373 s with
 * the defaults):
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.defaults();
 * DataStream<DeliveryOutcome> outcomes = AsyncDataStream.unorderedWait(
 *         requests, new DeliverNotifications(retry),
 *         retry.recommendedAsyncTimeout().toMillis(), TimeUnit.MILLISECONDS, 100);
 * }</pre>
 *
 * If the operator timeout does fire first, {@link #timeout} still emits a failed outcome (no job failure). Do not
 * configure Flink's own {@code AsyncRetryStrategy} on top: retries are done here.
 *
 * <p>Idempotency: every attempt carries the request's idempotency key ({@code Idempotency-Key} header, webhook body
 * field, e-mail {@code Message-ID}). The async operator checkpoints in-flight requests and re-sends them after a
 * restore, so receivers may see a key twice and should de-duplicate on it (at-least-once delivery).
 *
 * <p>A receiver that keeps failing is paused ({@link ReceiverBreaker}): after as many failed attempts in a row as one
 * request's attempts (by default), its requests end at once as not delivered for a minute, so that a receiver that
 * never answers cannot keep the operator full and back-pressure the job.
 *
 * <p>Channels are created lazily per notification (name and configuration) and cached; secrets ({@code *_ref}) are
 * read from the environment given by the {@code environment} supplier (default {@code System.getenv()}) or files at
 * each send. Metrics: counters {@code notificationsDelivered}, {@code notificationsFailed},
 * {@code notificationRetries}, {@code notificationsNotTried} (ended at once: receiver paused).
 */
public class DeliverNotifications extends RichAsyncFunction<NotificationRequest, DeliveryOutcome> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeliverNotifications.class);
    /** Channels kept at most (least recently used ones are dropped). */
    static final int CHANNEL_CACHE_SIZE = 256;

    private final RetryPolicy retryPolicy;
    private final ReceiverBreaker.Settings receiverPause;
    private final SerializableSupplier<Map<String, String>> environment;

    private transient SecretResolver secrets;
    private transient ChannelResources resources;
    private transient ScheduledExecutorService scheduler;
    private transient Map<String, NotificationChannel> channels;
    private transient Map<NotificationRequest, Delivery> inFlight;
    private transient Counter delivered;
    private transient Counter failed;
    private transient Counter retries;
    private transient Counter notTried;
    private transient ReceiverBreaker breaker;
    private transient volatile boolean closed;

    /** Default retry policy, secrets from {@code System.getenv()}. */
    public DeliverNotifications() {
        this(RetryPolicy.defaults());
    }

    public DeliverNotifications(RetryPolicy retryPolicy) {
        this(retryPolicy, new SystemEnvironment());
    }

    /**
     * @param retryPolicy attempts, backoff and per-attempt timeout
     * @param environment the environment {@code env:} secret references are read from (evaluated in {@code open})
     */
    public DeliverNotifications(RetryPolicy retryPolicy, SerializableSupplier<Map<String, String>> environment) {
        this(retryPolicy, ReceiverBreaker.Settings.defaultsFor(retryPolicy), environment);
    }

    /**
     * @param receiverFailureLimit failed attempts in a row after which a receiver is paused
     * @param receiverPause how long it is then not tried (zero: never paused)
     */
    public DeliverNotifications(RetryPolicy retryPolicy, int receiverFailureLimit, Duration receiverPause) {
        this(retryPolicy, new ReceiverBreaker.Settings(receiverFailureLimit, receiverPause), new SystemEnvironment());
    }

    DeliverNotifications(RetryPolicy retryPolicy, ReceiverBreaker.Settings receiverPause,
            SerializableSupplier<Map<String, String>> environment) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.receiverPause = Objects.requireNonNull(receiverPause, "receiverPause");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        secrets = new SecretResolver(environment.get());
        resources = ChannelResources.create(retryPolicy.attemptTimeout());
        scheduler = Executors.newSingleThreadScheduledExecutor(ChannelResources.daemonThreads("driftline-notify-retry"));
        channels = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NotificationChannel> eldest) {
                return size() > CHANNEL_CACHE_SIZE;
            }
        });
        inFlight = Collections.synchronizedMap(new IdentityHashMap<>());
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        delivered = metrics.counter("notificationsDelivered", new ConcurrentCounter());
        failed = metrics.counter("notificationsFailed", new ConcurrentCounter());
        retries = metrics.counter("notificationRetries", new ConcurrentCounter());
        notTried = metrics.counter("notificationsNotTried", new ConcurrentCounter());
        breaker = new ReceiverBreaker(receiverPause);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (resources != null) {
            resources.close();
        }
        if (inFlight != null) {
            inFlight.clear();
        }
        if (channels != null) {
            channels.clear();
        }
    }

    @Override
    public void asyncInvoke(NotificationRequest request, ResultFuture<DeliveryOutcome> resultFuture) {
        Delivery d = new Delivery(request, resultFuture);
        inFlight.put(request, d);
        attempt(d);
    }

    /**
     * The operator's timeout fired before the retries ended: emit a failed outcome and stop retrying (the request is
     * not lost silently; it shows up as {@code delivered=false}).
     */
    @Override
    public void timeout(NotificationRequest request, ResultFuture<DeliveryOutcome> resultFuture) {
        Delivery d = inFlight == null ? null : inFlight.get(request);
        if (d == null) {
            d = new Delivery(request, resultFuture);
        }
        String last = d.lastError;
        finish(d, false, "timed out in the async operator after " + d.attempts.get() + " attempt(s)"
                + (last == null ? "" : "; last error: " + last));
    }

    private void attempt(Delivery d) {
        if (closed || d.finished.get()) {
            return;
        }
        String refusal = d.receiver() == null ? null : breaker.refusal(d.receiver(), System.currentTimeMillis());
        if (refusal != null) {
            notTried.inc();
            finish(d, false, "not tried: " + refusal);
            return;
        }
        d.attempts.incrementAndGet();
        CompletableFuture<Void> sent;
        try {
            sent = channelFor(d.request).send(d.request);
            if (sent == null) {
                sent = CompletableFuture.failedFuture(new IllegalStateException("channel returned no future"));
            }
        } catch (Throwable t) {
            sent = CompletableFuture.failedFuture(t);
        }
        sent.orTimeout(retryPolicy.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> onAttemptDone(d, error));
    }

    private void onAttemptDone(Delivery d, Throwable error) {
        if (closed) {
            return; // the operator is gone; after a restore it re-sends its checkpointed in-flight requests
        }
        if (error == null) {
            if (d.receiver() != null) {
                breaker.succeeded(d.receiver());
            }
            finish(d, true, null);
            return;
        }
        Throwable cause = unwrap(error);
        String message = safeMessage(cause);
        d.lastError = message;
        int attempts = d.attempts.get();
        if (!retryable(cause)) {
            finish(d, false, message + " (not retried)");
            return;
        }
        if (d.receiver() != null && !rateLimited(cause) && breaker.failed(d.receiver(), System.currentTimeMillis(), message)) {
            LOG.warn("Notification receiver of {} paused for {} ms after {} failed attempts in a row; last: {}",
                    label(d.request), receiverPause.pause().toMillis(), receiverPause.failureLimit(), message);
        }
        if (attempts >= retryPolicy.maxAttempts()) {
            finish(d, false, message + " (gave up after " + attempts + " attempts)");
            return;
        }
        if (d.finished.get()) {
            return;
        }
        Duration wait = retryPolicy.backoffAfter(attempts);
        retries.inc();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Notification {} attempt {} failed, retrying in {} ms: {}", label(d.request), attempts,
                    wait.toMillis(), message);
        }
        try {
            scheduler.schedule(() -> attempt(d), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(d, false, message + " (not retried: shutting down)");
        }
    }

    private void finish(Delivery d, boolean ok, String error) {
        if (!d.finished.compareAndSet(false, true)) {
            return;
        }
        if (inFlight != null) {
            inFlight.remove(d.request);
        }
        DeliveryOutcome outcome = outcome(d.request, ok, d.attempts.get(), error);
        if (ok) {
            if (delivered != null) {
                delivered.inc();
            }
            LOG.debug("Notification {} delivered after {} attempt(s)", label(d.request), outcome.attempts);
        } else {
            if (failed != null) {
                failed.inc();
            }
            LOG.warn("Notification {} not delivered after {} attempt(s): {}", label(d.request), outcome.attempts,
                    error);
        }
        d.resultFuture.complete(Collections.singletonList(outcome));
    }

    private NotificationChannel channelFor(NotificationRequest request) {
        NotificationConfig config = request == null ? null : request.notification;
        if (config == null) {
            throw NotificationException.config("notification request without a notification configuration");
        }
        if (request.alert == null) {
            throw NotificationException.config("notification request without a fired alert");
        }
        String key = cacheKey(config);
        synchronized (channels) {
            NotificationChannel channel = channels.get(key);
            if (channel == null) {
                channel = Channels.forConfig(config, secrets, resources);
                channels.put(key, channel);
            }
            return channel;
        }
    }

    /** Name plus the whole configuration, so a changed configuration under the same name gets a new channel. */
    private static String cacheKey(NotificationConfig config) {
        try {
            return config.effectiveName() + "\u0000" + NotificationPayloads.MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw NotificationException.config("notification '" + config.effectiveName() + "' cannot be serialised");
        }
    }

    static DeliveryOutcome outcome(NotificationRequest request, boolean ok, int attempts, String error) {
        DeliveryOutcome o = new DeliveryOutcome();
        if (request != null) {
            o.idempotencyKey = request.idempotencyKey;
            if (request.alert != null) {
                o.alert = request.alert.alert;
                o.entity = request.alert.entity;
            }
            if (request.notification != null) {
                o.notification = request.notification.effectiveName();
                o.kind = request.notification.kind;
            }
        }
        o.delivered = ok;
        o.attempts = attempts;
        o.error = ok ? null : error;
        return o;
    }

    private static String label(NotificationRequest r) {
        if (r == null) {
            return "<null>";
        }
        String name = r.notification == null ? "?" : r.notification.effectiveName();
        String kind = r.notification == null ? "?" : r.notification.kind;
        return "'" + name + "' (" + kind + ") key=" + r.idempotencyKey;
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * HTTP 429: the receiver answers, and asks for fewer requests at once, which a burst of notifications to one
     * receiver easily causes. The backoff is the answer to that; it does not count towards pausing the receiver.
     */
    static boolean rateLimited(Throwable cause) {
        return cause instanceof NotificationException n && n.status() == 429;
    }

    /** Configuration errors are final; timeouts, I/O errors and retryable statuses are retried. */
    static boolean retryable(Throwable cause) {
        if (cause instanceof NotificationException) {
            return ((NotificationException) cause).retryable();
        }
        return !(cause instanceof IllegalArgumentException);
    }

    /**
     * A message without secrets: channel and resolver messages are built without them; anything else is reduced to
     * its class name.
     */
    private String safeMessage(Throwable cause) {
        if (cause instanceof NotificationException || cause instanceof SecretResolver.SecretResolutionException) {
            return cause.getMessage();
        }
        if (cause instanceof TimeoutException) {
            return "attempt timed out after " + retryPolicy.attemptTimeout().toMillis() + " ms";
        }
        LOG.debug("Unexpected notification error", cause);
        return "unexpected error: " + cause.getClass().getName();
    }

    /** One request being delivered. */
    private static final class Delivery {
        final NotificationRequest request;
        final ResultFuture<DeliveryOutcome> resultFuture;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicBoolean finished = new AtomicBoolean();
        volatile String lastError;
        private String receiver;
        private boolean receiverKnown;

        Delivery(NotificationRequest request, ResultFuture<DeliveryOutcome> resultFuture) {
            this.request = request;
            this.resultFuture = resultFuture;
        }

        /** The receiver (channel name and configuration), or null when the request has no valid configuration. */
        synchronized String receiver() {
            if (!receiverKnown) {
                receiverKnown = true;
                try {
                    receiver = request == null || request.notification == null ? null : cacheKey(request.notification);
                } catch (NotificationException e) {
                    receiver = null; // reported by the attempt itself
                }
            }
            return receiver;
        }
    }

    /** A counter safe to increment from the HTTP client's, the SMTP executor's and the retry scheduler's threads. */
    static final class ConcurrentCounter implements Counter {
        private final LongAdder count = new LongAdder();

        @Override
        public void inc() {
            count.increment();
        }

        @Override
        public void inc(long n) {
            count.add(n);
        }

        @Override
        public void dec() {
            count.decrement();
        }

        @Override
        public void dec(long n) {
            count.add(-n);
        }

        @Override
        public long getCount() {
            return count.sum();
        }
    }

    /** {@code System.getenv()}, evaluated where the function runs. */
    public static final class SystemEnvironment implements SerializableSupplier<Map<String, String>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, String> get() {
            return System.getenv();
        }
    }
}
