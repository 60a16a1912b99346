package io.sqlmi.operator.network;

import static org.assertj.core.api.Assertions.assertThat;

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
}
