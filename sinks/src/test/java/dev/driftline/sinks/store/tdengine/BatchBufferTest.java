package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchBufferTest {
    static TdengineRow row(long t) {
        return InsertStatementsTest.prediction("ep", t, 1);
    }

    @Test
    void fullAtTheBatchSize() {
        BatchBuffer buffer = new BatchBuffer(3, 1000);
        assertThat(buffer.add(row(1), 0)).isFalse();
        assertThat(buffer.add(row(2), 10)).isFalse();
        assertThat(buffer.add(row(3), 20)).isTrue();
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.rows()).extracting(TdengineRow::timestamp).containsExactly(1L, 2L, 3L);
    }

    @Test
    void dueWhenTheOldestRowHasWaitedTheInterval() {
        BatchBuffer buffer = new BatchBuffer(100, 1000);
        assertThat(buffer.deadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(buffer.isDue(5000)).isFalse();
        buffer.add(row(1), 200);
        buffer.add(row(2), 900);
        assertThat(buffer.deadline()).isEqualTo(1200);
        assertThat(buffer.isDue(1199)).isFalse();
        assertThat(buffer.isDue(1200)).isTrue();
    }

    @Test
    void clearingStartsANewBatch() {
        BatchBuffer buffer = new BatchBuffer(2, 1000);
        buffer.add(row(1), 0);
        buffer.clear();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.deadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(buffer.add(row(2), 5000)).isFalse();
        assertThat(buffer.deadline()).isEqualTo(6000);
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> new BatchBuffer(0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchBuffer(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
