package dev.driftline.functions.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalStringsTest {

    @Test
    void equalValuesBecomeTheFirstInstanceSeen() {
        CanonicalStrings canonical = new CanonicalStrings();
        String first = new String("endpoint-7");
        assertThat(canonical.of(first)).isSameAs(first);
        assertThat(canonical.of(new String("endpoint-7"))).isSameAs(first);
        assertThat(canonical.of(new String("endpoint-8"))).isNotSameAs(first).isEqualTo("endpoint-8");
        assertThat(canonical.of(null)).isNull();
    }

    @Test
    void longValuesAreNotKept() {
        CanonicalStrings canonical = new CanonicalStrings();
        String longValue = "x".repeat(CanonicalStrings.MAX_LENGTH + 1);
        assertThat(canonical.of(longValue)).isSameAs(longValue);
        assertThat(canonical.of(new String(longValue))).isNotSameAs(longValue).isEqualTo(longValue);
        assertThat(canonical.size()).isZero();
        String atTheLimit = "y".repeat(CanonicalStrings.MAX_LENGTH);
        assertThat(canonical.of(new String(atTheLimit))).isSameAs(canonical.of(new String(atTheLimit)));
    }

    @Test
    void theTableStartsOverAtItsBound() {
        CanonicalStrings canonical = new CanonicalStrings();
        for (int i = 0; i < CanonicalStrings.MAX_ENTRIES * 3; i++) {
            String value = "v" + i;
            assertThat(canonical.of(value)).isEqualTo(value);
            assertThat(canonical.size()).isBetween(1, CanonicalStrings.MAX_ENTRIES);
        }
    }
}
