package dev.driftline.sinks.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecyclingHeapAllocatorTest {

    @Test
    void aBufferHasTheSizeAskedForOnAPowerOfTwoArray() {
        RecyclingHeapAllocator a = new RecyclingHeapAllocator(1 << 20);
        ByteBuffer b = a.allocate(100);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(100);
        assertThat(b.remaining()).isEqualTo(100);
        assertThat(b.capacity()).isEqualTo(128);
        assertThat(b.hasArray()).isTrue();
        assertThat(b.arrayOffset()).isZero();
        assertThat(b.isDirect()).isFalse();
        assertThat(a.allocate(0).capacity()).isEqualTo(RecyclingHeapAllocator.MIN_CLASS);
        assertThat(a.allocate(64).capacity()).isEqualTo(64);
        assertThat(a.allocate(65).capacity()).isEqualTo(128);
        assertThat(a.allocate(RecyclingHeapAllocator.MAX_CLASS).capacity()).isEqualTo(RecyclingHeapAllocator.MAX_CLASS);
        assertThatThrownBy(() -> a.allocate(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReleasedBufferIsHandedOutAgainEmptyOfPositionWithTheNewLimit() {
        RecyclingHeapAllocator a = new RecyclingHeapAllocator(1 << 20);
        ByteBuffer first = a.allocate(3000);
        first.put(new byte[2000]).flip(); // as Parquet leaves a slab it has read: flipped
        a.release(first);
        assertThat(a.keptBytes()).isEqualTo(4096);
        ByteBuffer again = a.allocate(2500);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(2500);
        assertThat(a.keptBytes()).isZero();
        assertThat(a.allocate(2500)).isNotSameAs(first); // only one was kept
    }

    @Test
    void aBufferReleasedTwiceIsNeverLentToTwoUsers() {
        RecyclingHeapAllocator a = new RecyclingHeapAllocator(1 << 20);
        ByteBuffer b = a.allocate(200);
        a.release(b);
        a.release(b);
        ByteBuffer one = a.allocate(200);
        ByteBuffer two = a.allocate(200);
        assertThat(one).isSameAs(b);
        assertThat(two).isNotSameAs(b);
        assertThat(a.lentBuffers()).isEqualTo(2);
    }

    @Test
    void buffersFromElsewhereAreNotTaken() {
        RecyclingHeapAllocator a = new RecyclingHeapAllocator(1 << 20);
        ByteBuffer foreign = ByteBuffer.allocate(256);
        a.release(foreign);
        a.release(null);
        assertThat(a.keptBytes()).isZero();
        assertThat(a.allocate(256)).isNotSameAs(foreign);
    }

    @Test
    void keepsNoMoreThanItsBoundAndNothingAboveTheLargestClass() {
        RecyclingHeapAllocator a = new RecyclingHeapAllocator(10_000);
        ByteBuffer[] lent = new ByteBuffer[5];
        for (int i = 0; i < lent.length; i++) {
            lent[i] = a.allocate(4096);
        }
        for (ByteBuffer b : lent) {
            a.release(b);
        }
        assertThat(a.keptBytes()).isEqualTo(8192); // two of 4 KiB fit under 10,000 bytes
        assertThat(a.lentBuffers()).isZero();

        // A page's copy (above the largest class) is allocated at its size, not rounded up, and not kept.
        RecyclingHeapAllocator unbounded = new RecyclingHeapAllocator(Long.MAX_VALUE);
        ByteBuffer page = unbounded.allocate(16_500);
        assertThat(page.capacity()).isEqualTo(16_500);
        assertThat(page.limit()).isEqualTo(16_500);
        unbounded.release(page);
        assertThat(unbounded.keptBytes()).isZero();
        assertThat(unbounded.lentBuffers()).isZero();
    }

    @Test
    void sizeClassesArePowersOfTwo() {
        assertThat(RecyclingHeapAllocator.sizeClass(1)).isEqualTo(6);
        assertThat(RecyclingHeapAllocator.sizeClass(64)).isEqualTo(6);
        assertThat(RecyclingHeapAllocator.sizeClass(65)).isEqualTo(7);
        assertThat(RecyclingHeapAllocator.sizeClass(16_384)).isEqualTo(14);
        assertThat(RecyclingHeapAllocator.sizeClass(16_385)).isEqualTo(15);
    }
}
