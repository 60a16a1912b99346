package io.sqlmi.operator.virtualcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsZonesTest {

    @Test
    void generatedZonesAreTwelveLowercaseHexCharactersAndDistinct() {
        Set<String> zones = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String zone = DnsZones.generate();
            assertThat(zone).matches("^[0-9a-f]{12}$");
            assertThat(DnsZones.isValid(zone)).isTrue();
            zones.add(zone);
        }
        assertThat(zones).hasSize(2000);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "A1B2C3D4E5F6", "a1b2c3d4e5f", "a1b2c3d4e5f60", "g1b2c3d4e5f6", "a1b2c3d4e5f6\n"})
    void anythingElseIsNotAZone(String zone) {
        assertThat(DnsZones.isValid(zone)).isFalse();
    }
}
