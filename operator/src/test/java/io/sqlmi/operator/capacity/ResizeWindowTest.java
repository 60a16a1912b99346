package io.sqlmi.operator.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResizeWindowTest {

    static final Duration WINDOW = Duration.ofSeconds(10);

    final ResizeWindow window = new ResizeWindow();
    Instant now = Instant.parse("2025-03-01T10:00:00Z");

    void advance(Duration by) {
        now = now.plus(by);
    }

    /** A resize is requested, as the reconciler does it: how long is left, and the window opened if it was not. */
    Optional<Duration> request(String cluster) {
        Optional<Duration> left = ResizeWindow.remaining(window.openedAt(cluster), now, WINDOW);
        window.open(cluster, now);
        return left;
    }

    @Test
    void aResizeIsNotDueUntilTheWindowHasPassedSinceTheFirstRequest() {
        assertThat(request("vc")).contains(WINDOW);
        advance(Duration.ofSeconds(4));
        assertThat(request("vc")).contains(Duration.ofSeconds(6));
        advance(Duration.ofSeconds(5));
        assertThat(request("vc")).contains(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        assertThat(request("vc")).as("due exactly when the window closes").isEmpty();
        advance(Duration.ofSeconds(30));
        assertThat(request("vc")).as("and stays due until applied").isEmpty();
    }

    @Test
    void requestsWithinTheWindowDoNotExtendIt() {
        request("vc");
        for (int i = 0; i < 9; i++) {
            advance(Duration.ofSeconds(1));
            request("vc");
        }

        advance(Duration.ofSeconds(1));

        assertThat(request("vc")).isEmpty();
        assertThat(window.openedAt("vc")).contains(Instant.parse("2025-03-01T10:00:00Z"));
    }

    @Test
    void aClosedWindowIsForgotten() {
        request("vc");
        advance(Duration.ofSeconds(8));

        window.close("vc");
        advance(Duration.ofSeconds(5));

        assertThat(window.openedAt("vc")).isEmpty();
        assertThat(request("vc")).as("a new request opens a new window").contains(WINDOW);
    }

    @Test
    void anAppliedResizeStartsOver() {
        request("vc");
        advance(WINDOW);
        assertThat(request("vc")).isEmpty();

        window.close("vc");
        advance(Duration.ofSeconds(1));

        assertThat(request("vc")).contains(WINDOW);
    }

    @Test
    void eachClusterHasAWindowOfItsOwn() {
        request("vc-a");
        advance(Duration.ofSeconds(7));

        assertThat(request("vc-b")).contains(WINDOW);
        assertThat(request("vc-a")).contains(Duration.ofSeconds(3));
        window.close("vc-a");
        assertThat(request("vc-b")).contains(WINDOW);
    }

    @Test
    void aZeroWindowAppliesAtOnce() {
        assertThat(ResizeWindow.remaining(Optional.empty(), now, Duration.ZERO)).isEmpty();
    }

    @Test
    void aWindowNotOpenedYetHasAllOfItsLengthLeft() {
        assertThat(ResizeWindow.remaining(Optional.empty(), now, Duration.ofHours(1))).contains(Duration.ofHours(1));
    }

    @Test
    void theShippedDefaultWindowSuitsTests() {
        assertThat(io.sqlmi.operator.testing.TestConfigs.shipped().capacity().resizeWindow())
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(io.sqlmi.operator.testing.TestConfigs.shipped().capacity().vcoresPerNode()).isEqualTo(64);
    }
}
