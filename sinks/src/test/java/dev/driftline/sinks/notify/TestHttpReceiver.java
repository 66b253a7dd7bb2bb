package dev.driftline.sinks.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) that records every request and answers
 * with a status chosen per request number (1-based), or hangs until closed.
 */
final class TestHttpReceiver implements AutoCloseable {

    /** One received request. */
    record Received(String method, String path, String query, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile IntUnaryOperator statusForRequest = n -> 200;
    private volatile boolean hang;

    private TestHttpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static TestHttpReceiver start() throws IOException {
        return new TestHttpReceiver(0);
    }

    static TestHttpReceiver startOn(int port) throws IOException {
        return new TestHttpReceiver(port);
    }

    /** A port that nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    TestHttpReceiver respond(IntUnaryOperator statusForRequestNumber) {
        this.statusForRequest = statusForRequestNumber;
        return this;
    }

    /** The first {@code n} requests get {@code status}, later ones 200. */
    TestHttpReceiver failFirst(int n, int status) {
        return respond(i -> i <= n ? status : 200);
    }

    /** Requests are read but never answered (until {@link #close}). */
    TestHttpReceiver hang() {
        this.hang = true;
        return this;
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    int port() {
        return server.getAddress().getPort();
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until at least {@code n} requests arrived. */
    List<Received> await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> r = received();
            if (r.size() >= n) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + n + " requests within " + timeout + ", got " + received().size());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Headers copy = new Headers();
        exchange.getRequestHeaders().forEach((k, v) -> copy.put(k, List.copyOf(v)));
        int number;
        synchronized (this) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), copy, body));
            number = received.size();
        }
        if (hang) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        int status = statusForRequest.applyAsInt(number);
        byte[] answer = (status >= 200 && status < 300 ? "ok" : "failure at " + exchange.getRequestURI())
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
