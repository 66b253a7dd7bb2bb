package dev.driftline.sinks.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReceiverBreakerTest {
    private final ReceiverBreaker breaker = new ReceiverBreaker(new ReceiverBreaker.Settings(3, Duration.ofSeconds(60)));

    @Test
    void aReceiverIsPausedAfterTheLimitOfFailuresInARowAndTriedAgainAfterThePause() {
        assertThat(breaker.failed("hook", 1_000, "HTTP 503")).isFalse();
        assertThat(breaker.failed("hook", 2_000, "HTTP 503")).isFalse();
        assertThat(breaker.refusal("hook", 2_500)).isNull();
        assertThat(breaker.failed("hook", 3_000, "attempt timed out")).as("the third in a row").isTrue();

        assertThat(breaker.refusal("hook", 3_000))
                .isEqualTo("receiver paused for 60000 ms more after 3 failed attempts in a row (last: attempt timed out)");
        assertThat(breaker.refusal("hook", 62_999)).isNotNull();
        assertThat(breaker.refusal("other-hook", 3_000)).as("receivers are paused one by one").isNull();

        // after the pause it is tried again; one more failure pauses it again at once
        assertThat(breaker.refusal("hook", 63_000)).isNull();
        assertThat(breaker.failed("hook", 64_000, "HTTP 503")).isTrue();
        assertThat(breaker.refusal("hook", 64_000)).contains("4 failed attempts in a row");
    }

    @Test
    void aSuccessClosesTheCount() {
        breaker.failed("hook", 1_000, "HTTP 503");
        breaker.failed("hook", 2_000, "HTTP 503");
        breaker.succeeded("hook");
        assertThat(breaker.failed("hook", 3_000, "HTTP 503")).isFalse();
        assertThat(breaker.failed("hook", 4_000, "HTTP 503")).isFalse();
        assertThat(breaker.refusal("hook", 4_000)).isNull();
    }

    @Test
    void failuresOfRequestsAlreadyUnderWayDuringAPauseDoNotExtendIt() {
        for (int i = 0; i < 3; i++) {
            breaker.failed("hook", 1_000, "timeout");
        }
        assertThat(breaker.failed("hook", 30_000, "timeout")).isFalse();
        assertThat(breaker.refusal("hook", 61_000)).isNull();
    }

    @Test
    void aZeroPauseNeverRefusesAndTheLimitMustBePositive() {
        ReceiverBreaker never = new ReceiverBreaker(new ReceiverBreaker.Settings(1, Duration.ZERO));
        never.failed("hook", 1_000, "timeout");
        assertThat(never.refusal("hook", 1_000)).isNull();
        assertThatThrownBy(() -> new ReceiverBreaker.Settings(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
