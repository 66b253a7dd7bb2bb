package dev.driftline.sinks.parquet;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * A heap allocator for one Parquet file writer that keeps the buffers Parquet releases and hands them out again.
 *
 * <p>Why: Parquet's column writers take a fresh buffer for every slab of every page of every column, release them all
 * when the page is written, and copy each page once more into a fresh buffer of the row group; with the plain heap
 * allocator each of those is a new, zeroed array in memory that is not in the cache (JFR:
 * {@code CapacityByteArrayOutputStream.addSlab} 7 % of the job's CPU samples). Parquet releases every buffer it is
 * done with ({@link #release}, as its own direct-memory allocators require), so the next page of a column gets the
 * slabs of the last one, still in the cache.
 *
 * <p>A buffer is handed out with its size rounded up to a power of two (at least {@link #MIN_CLASS} bytes) and its
 * limit at the size asked for; buffers larger than {@link #MAX_CLASS} (pages' copies) are neither rounded nor kept. Only buffers this
 * allocator handed out and has not had back yet are taken back, so a buffer released twice or one from elsewhere is
 * never handed out to two users. At most {@code maxKeptBytes} are kept; the rest is left to the garbage collector.
 * Contents are not cleared: Parquet writes every byte it reads back (as with direct memory, which is not zeroed
 * either).
 *
 * <p>Not thread-safe: one file writer, one task thread.
 */
final class RecyclingHeapAllocator implements ByteBufferAllocator {
    static final int MIN_CLASS = 64;
    /**
     * The column writers' slabs are at most a fifth of the page size (3,276 bytes for 16 KiB pages); what is larger is
     * mostly a page's copy, held until the row group is written: rounded up to a power of two it could take twice
     * its size for the whole row group, so it is allocated at its size and not kept.
     */
    static final int MAX_CLASS = 4096;
    /** Free buffers per size class: index = log2(capacity). */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[Integer.SIZE];
    /** Buffers handed out and not yet released (by identity). */
    private final Map<ByteBuffer, Boolean> lent = new IdentityHashMap<>();
    private final long maxKeptBytes;
    private long keptBytes;

    RecyclingHeapAllocator(long maxKeptBytes) {
        this.maxKeptBytes = maxKeptBytes;
    }

    @Override
    public ByteBuffer allocate(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative buffer size " + size);
        }
        if (size > MAX_CLASS) {
            return ByteBuffer.allocate(size); // a page's copy: exact size, left to the garbage collector
        }
        int sizeClass = sizeClass(size);
        ArrayDeque<ByteBuffer> kept = free[sizeClass];
        ByteBuffer b = kept == null ? null : kept.pollLast();
        if (b != null) {
            keptBytes -= b.capacity();
            b.clear();
        } else {
            b = ByteBuffer.allocate(1 << sizeClass);
        }
        b.limit(size);
        lent.put(b, Boolean.TRUE);
        return b;
    }

    @Override
    public void release(ByteBuffer b) {
        if (b == null || lent.remove(b) == null) {
            return; // not ours, or released before
        }
        if (keptBytes + b.capacity() > maxKeptBytes) {
            return;
        }
        int sizeClass = Integer.numberOfTrailingZeros(b.capacity());
        ArrayDeque<ByteBuffer> kept = free[sizeClass];
        if (kept == null) {
            kept = free[sizeClass] = new ArrayDeque<>();
        }
        kept.addLast(b); // last in, first out: the most recently used buffer is the likeliest in the cache
        keptBytes += b.capacity();
    }

    @Override
    public boolean isDirect() {
        return false;
    }

    /** Bytes held for reuse. */
    long keptBytes() {
        return keptBytes;
    }

    /** Buffers handed out and not released. */
    int lentBuffers() {
        return lent.size();
    }

    /** log2 of the smallest power of two of at least {@code size} and {@link #MIN_CLASS} bytes. */
    static int sizeClass(int size) {
        int atLeast = Math.max(size, MIN_CLASS);
        return Integer.SIZE - Integer.numberOfLeadingZeros(atLeast - 1);
    }
}
