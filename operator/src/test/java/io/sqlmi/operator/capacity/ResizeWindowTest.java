package io.sqlmi.operator.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResizeWindowTest {

    static final Duration WINDOW = Duration.ofSeconds(10);

    /** A clock the test moves forward. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2025-03-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final ResizeWindow window = new ResizeWindow(clock);

    @Test
    void aResizeIsNotDueUntilTheWindowHasPassedSinceTheFirstRequest() {
        assertThat(window.remaining("vc", true, WINDOW)).contains(WINDOW);
        clock.advance(Duration.ofSeconds(4));
        assertThat(window.remaining("vc", true, WINDOW)).contains(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(5));
        assertThat(window.remaining("vc", true, WINDOW)).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(window.remaining("vc", true, WINDOW)).as("due exactly when the window closes").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(window.remaining("vc", true, WINDOW)).as("and stays due until applied").isEmpty();
    }

    @Test
    void requestsWithinTheWindowDoNotExtendIt() {
        window.remaining("vc", true, WINDOW);
        for (int i = 0; i < 9; i++) {
            clock.advance(Duration.ofSeconds(1));
            window.remaining("vc", true, WINDOW);
        }

        clock.advance(Duration.ofSeconds(1));

        assertThat(window.remaining("vc", true, WINDOW)).isEmpty();
    }

    @Test
    void whenNoResizeIsNeededAnyMoreTheWindowIsForgotten() {
        window.remaining("vc", true, WINDOW);
        clock.advance(Duration.ofSeconds(8));

        assertThat(window.remaining("vc", false, WINDOW)).isEmpty();
        clock.advance(Duration.ofSeconds(5));

        assertThat(window.remaining("vc", true, WINDOW)).as("a new request opens a new window").contains(WINDOW);
    }

    @Test
    void anAppliedResizeStartsOver() {
        window.remaining("vc", true, WINDOW);
        clock.advance(WINDOW);
        assertThat(window.remaining("vc", true, WINDOW)).isEmpty();

        window.applied("vc");
        clock.advance(Duration.ofSeconds(1));

        assertThat(window.remaining("vc", true, WINDOW)).contains(WINDOW);
    }

    @Test
    void eachClusterHasAWindowOfItsOwn() {
        window.remaining("vc-a", true, WINDOW);
        clock.advance(Duration.ofSeconds(7));

        assertThat(window.remaining("vc-b", true, WINDOW)).contains(WINDOW);
        assertThat(window.remaining("vc-a", true, WINDOW)).contains(Duration.ofSeconds(3));
        window.applied("vc-a");
        assertThat(window.remaining("vc-b", true, WINDOW)).contains(WINDOW);
    }

    @Test
    void aZeroWindowAppliesAtOnce() {
        assertThat(window.remaining("vc", true, Duration.ZERO)).isEmpty();
    }

    @Test
    void theDefaultWindowRunsOnTheSystemClock() {
        ResizeWindow system = new ResizeWindow();

        Optional<Duration> left = system.remaining("vc", true, Duration.ofHours(1));

        assertThat(left).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
    }

    @Test
    void theShippedDefaultWindowSuitsTests() {
        assertThat(io.sqlmi.operator.testing.TestConfigs.shipped().capacity().resizeWindow())
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(io.sqlmi.operator.testing.TestConfigs.shipped().capacity().vcoresPerNode()).isEqualTo(64);
    }
}
