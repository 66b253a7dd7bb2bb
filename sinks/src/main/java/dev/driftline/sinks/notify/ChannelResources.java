package dev.driftline.sinks.notify;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What channels share: one async {@link HttpClient}, a small executor for blocking sends (SMTP), and the time one
 * delivery attempt may take. {@link #create} makes resources owned by the caller ({@link #close} shuts the executor
 * down); {@link #shared()} is a process-wide default with daemon threads that is never closed.
 */
public final class ChannelResources implements AutoCloseable {
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** Threads for blocking sends (SMTP). */
    public static final int BLOCKING_THREADS = 2;

    private static volatile ChannelResources shared;

    private final HttpClient httpClient;
    private final ExecutorService blockingExecutor;
    private final Duration attemptTimeout;

    private ChannelResources(HttpClient httpClient, ExecutorService blockingExecutor, Duration attemptTimeout) {
        this.httpClient = httpClient;
        this.blockingExecutor = blockingExecutor;
        this.attemptTimeout = attemptTimeout;
    }

    /** New resources: close them when done. */
    public static ChannelResources create(Duration attemptTimeout) {
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Duration connect = attemptTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? attemptTimeout : Duration.ofSeconds(10);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connect)
                .build();
        ExecutorService blocking = Executors.newFixedThreadPool(BLOCKING_THREADS, daemonThreads("driftline-notify-smtp"));
        return new ChannelResources(client, blocking, attemptTimeout);
    }

    /** Process-wide default resources (daemon threads, {@link #DEFAULT_ATTEMPT_TIMEOUT}); never closed. */
    public static ChannelResources shared() {
        ChannelResources r = shared;
        if (r == null) {
            synchronized (ChannelResources.class) {
                r = shared;
                if (r == null) {
                    r = create(DEFAULT_ATTEMPT_TIMEOUT);
                    shared = r;
                }
            }
        }
        return r;
    }

    public HttpClient httpClient() {
        return httpClient;
    }

    public ExecutorService blockingExecutor() {
        return blockingExecutor;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /**
     * The HTTP channels' request timeout: a second longer than an attempt. The deliverer ends an attempt at
     * {@link #attemptTimeout} itself (for every channel alike, with one message); at the same instant the two timers
     * raced, and which error a paused receiver reported as its last one depended on the race. This one ends an
     * exchange the deliverer has given up on, and bounds a channel used on its own.
     */
    public Duration httpRequestTimeout() {
        return attemptTimeout.plusSeconds(1);
    }

    @Override
    public void close() {
        if (this == shared) {
            return;
        }
        blockingExecutor.shutdownNow();
        try {
            blockingExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = ChannelResources.class.getClassLoader();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            // jakarta.mail finds its providers through the context class loader: use the one that loaded us.
            t.setContextClassLoader(loader);
            return t;
        };
    }
}
