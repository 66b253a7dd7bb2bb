package dev.driftline.job.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A no-op sink that counts what passes and when (wall clock): the job runs in this JVM's mini cluster, so the static
 * counters are visible to the benchmark. Each writer publishes every {@value #BATCH} elements and at flush/close, so
 * the per-element cost is an increment and a compare.
 */
final class Probe<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    static final int BATCH = 256;

    /** One set of counters per probed stream. */
    static final class Counters {
        final AtomicLong count = new AtomicLong();
        final AtomicLong firstMillis = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastMillis = new AtomicLong(Long.MIN_VALUE);
        /** When the count first reached half of {@link #expected} (0 until then, or when nothing is expected). */
        final AtomicLong halfMillis = new AtomicLong();
        private volatile long expected;

        void reset() {
            reset(0);
        }

        void reset(long expected) {
            this.expected = expected;
            count.set(0);
            firstMillis.set(Long.MAX_VALUE);
            lastMillis.set(Long.MIN_VALUE);
            halfMillis.set(0);
        }

        void first(long now) {
            firstMillis.accumulateAndGet(now, Math::min);
        }

        void add(long n, long now) {
            long total = count.addAndGet(n);
            lastMillis.accumulateAndGet(now, Math::max);
            if (expected > 0 && total >= expected / 2 && total - n < expected / 2) {
                halfMillis.compareAndSet(0, now);
            }
        }
    }

    static final Counters RECORDS = new Counters();
    static final Counters RESULTS = new Counters();

    private final String which;

    Probe(String which) {
        this.which = which;
    }

    private static Counters counters(String which) {
        return "results".equals(which) ? RESULTS : RECORDS;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Counters c = counters(which);
        return new SinkWriter<>() {
            private long pending;
            private boolean seen;

            @Override
            public void write(T element, Context ctx) {
                if (!seen) {
                    seen = true;
                    c.first(System.currentTimeMillis());
                }
                if (++pending == BATCH) {
                    publish();
                }
            }

            private void publish() {
                if (pending > 0) {
                    c.add(pending, System.currentTimeMillis());
                    pending = 0;
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                publish();
            }

            @Override
            public void close() {
                publish();
            }
        };
    }
}
