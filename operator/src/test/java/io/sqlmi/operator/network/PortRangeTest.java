package io.sqlmi.operator.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortRangeTest {

    @Test
    void parsesAnySinglePortsAndRanges() {
        assertThat(PortRange.parse("*")).isEqualTo(new PortRange(1, 65535));
        assertThat(PortRange.parse("1433")).isEqualTo(new PortRange(1433, 1433));
        assertThat(PortRange.parse("11000-11999")).isEqualTo(new PortRange(11000, 11999));
    }

    @Test
    void containsAndOverlaps() {
        PortRange redirect = PortRange.parse("11000-11999");

        assertThat(redirect.contains(11000)).isTrue();
        assertThat(redirect.contains(11999)).isTrue();
        assertThat(redirect.contains(12000)).isFalse();
        assertThat(PortRange.ALL.contains(redirect)).isTrue();
        assertThat(redirect.contains(PortRange.ALL)).isFalse();
        assertThat(redirect.contains(PortRange.parse("11500"))).isTrue();
        assertThat(redirect.overlaps(PortRange.parse("11999-12005"))).isTrue();
        assertThat(redirect.overlaps(PortRange.parse("1433"))).isFalse();
        assertThat(PortRange.parse("1433").overlaps(PortRange.parse("1433"))).isTrue();
    }

    @Test
    void withoutLeavesTheSortedPortsNoCutContains() {
        assertThat(PortRange.without(List.of(PortRange.ALL), List.of(PortRange.parse("1433"))))
                .containsExactly(new PortRange(1, 1432), new PortRange(1434, 65535));
        assertThat(PortRange.without(List.of(PortRange.parse("11000-11999"), PortRange.parse("1433")),
                List.of(PortRange.parse("11500-12500"), PortRange.parse("1433"))))
                .containsExactly(new PortRange(11000, 11499));
        assertThat(PortRange.without(List.of(PortRange.parse("1433")), List.of(PortRange.ALL))).isEmpty();
        assertThat(PortRange.without(List.of(PortRange.parse("3342")), List.of(PortRange.parse("1433"))))
                .containsExactly(new PortRange(3342, 3342));
    }
}
