package dev.driftline.sinks.store.tdengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageRetryTest {
    /** A clock that moves only when the retry sleeps. */
    long now = 1_000_000;
    final List<Long> sleeps = new ArrayList<>();
    final List<Long> announcedWaits = new ArrayList<>();

    OutageRetry retry(Duration maxOutage) {
        return new OutageRetry(maxOutage, Duration.ofMillis(200), Duration.ofSeconds(30), () -> now, ms -> {
            sleeps.add(ms);
            now += ms;
        });
    }

    @Test
    void backoffDoublesUpToTheCap() {
        OutageRetry r = retry(Duration.ofMinutes(10));
        assertThat(List.of(r.backoffMs(1), r.backoffMs(2), r.backoffMs(3), r.backoffMs(8), r.backoffMs(9),
                r.backoffMs(100))).containsExactly(200L, 400L, 800L, 25_600L, 30_000L, 30_000L);
    }

    @Test
    void succeedsAfterFailures() throws Exception {
        int[] calls = {0};
        retry(Duration.ofMinutes(10)).run(() -> {
            if (++calls[0] < 4) {
                throw new SQLException("connection refused");
            }
        }, (e, attempt, wait) -> announcedWaits.add(wait));
        assertThat(calls[0]).isEqualTo(4);
        assertThat(sleeps).containsExactly(200L, 400L, 800L);
        assertThat(announcedWaits).isEqualTo(sleeps);
    }

    @Test
    void givesUpOnceTheOutageIsLongerThanAllowed() {
        int[] calls = {0};
        assertThatThrownBy(() -> retry(Duration.ofSeconds(10)).run(() -> {
            calls[0]++;
            throw new SQLException("down");
        }, (e, attempt, wait) -> announcedWaits.add(wait)))
                .isInstanceOf(OutageRetry.StoreOutageException.class)
                .hasMessage("store still failing after PT10S and 7 attempts")
                .hasCauseInstanceOf(SQLException.class);
        // 0.2+0.4+0.8+1.6+3.2 = 6.2 s, then only 3.8 s are left: the
        // last wait ends at the deadline, and the attempt made there is the last.
        assertThat(sleeps).containsExactly(200L, 400L, 800L, 1600L, 3200L, 3800L);
        assertThat(calls[0]).isEqualTo(7);
        assertThat(announcedWaits.get(announcedWaits.size() - 1)).isEqualTo(-1L);
    }

    @Test
    void zeroOutageMeansNoRetry() {
        assertThatThrownBy(() -> retry(Duration.ZERO).run(() -> {
            throw new SQLException("down");
        }, (e, attempt, wait) -> { })).isInstanceOf(OutageRetry.StoreOutageException.class);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void interruptionIsNeverRetried() {
        assertThatThrownBy(() -> retry(Duration.ofMinutes(1)).run(() -> {
            throw new InterruptedException("cancel");
        }, (e, attempt, wait) -> { })).isInstanceOf(InterruptedException.class);
        assertThat(sleeps).isEmpty();
    }
}
