package io.sqlmi.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayScalingTest {

    @ParameterizedTest(name = "{0} instances -> {1} gateway replicas")
    @CsvSource({"0, 0", "1, 2", "20, 2", "21, 3", "40, 3", "41, 4", "100, 6", "180, 10", "181, 10", "1000, 10"})
    void noGatewayWithoutInstancesTwoForAvailabilityOneMorePer20UpTo10(int instances, int replicas) {
        assertThat(GatewayScaling.replicasFor(instances)).isEqualTo(replicas);
    }

    @ParameterizedTest
    @CsvSource({"-1"})
    void negativeCountsMeanNone(int instances) {
        assertThat(GatewayScaling.replicasFor(instances)).isZero();
    }
}
