package io.sqlmi.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

    @ParameterizedTest
    @CsvSource({"10.0.0.0/24, 256", "10.0.0.0/27, 32", "10.0.0.0/16, 65536", "192.168.1.7/32, 1", "10.0.0.1, 1", "0.0.0.0/0, 4294967296"})
    void sizeCountsTheAddresses(String cidr, long size) {
        assertThat(Cidrs.size(cidr)).isEqualTo(size);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.1.0.0/16, true",
            "10.1.0.0/16, 10.0.0.0/8, false",
            "10.0.0.0/8, 10.0.0.0/8, true",
            "0.0.0.0/0, 203.0.113.9/32, true",
            "10.0.0.0/24, 10.0.1.0/24, false",
            "192.168.0.0/16, 192.168.255.255, true",
            "Internet, 10.0.0.0/8, false",
            "10.0.0.0/8, VirtualNetwork, false"})
    void containsComparesRangesAndIsFalseForServiceTags(String outer, String inner, boolean contained) {
        assertThat(Cidrs.contains(outer, inner)).isEqualTo(contained);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.5/24, 10.0.0.0/24, true", "10.0.0.0/24, 10.0.0.0/25, false", "Storage, Storage, false"})
    void sameComparesNetworks(String a, String b, boolean same) {
        assertThat(Cidrs.same(a, b)).isEqualTo(same);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0/24", "256.0.0.0/8", "10.0.0.0/33", "10.0.0.-1/24", "fd00::/64", "banana"})
    void notIpv4IsRefused(String text) {
        assertThatThrownBy(() -> Cidrs.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
