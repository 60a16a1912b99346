package io.sqlmi.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    @Test
    void theDefaultsAreTheDeploymentsContract() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("HOSTNAME", "vc1-gateway-7d9f"));
        assertThat(config.tdsPort()).isEqualTo(1433);
        assertThat(config.publicPort()).isEqualTo(3342);
        assertThat(config.privatePort()).isEqualTo(1435);
        assertThat(config.healthPort()).isEqualTo(8080);
        assertThat(config.routesFile()).isEqualTo(Path.of("/etc/sqlmi/routes/routes.json"));
        assertThat(config.tlsDir()).isEqualTo(Path.of("/etc/sqlmi/tls"));
        assertThat(config.engineCaFile()).isNull();
        assertThat(config.bindAddress()).isNull();
        assertThat(config.redirectOn1433()).isFalse();
        assertThat(config.forceEncryption()).isFalse();
        assertThat(config.preloginTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.loginTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.gatewayName()).isEqualTo("vc1-gateway-7d9f");
        assertThat(config.describe()).anyMatch(line -> line.contains("SQLMI_GATEWAY_PORT") && line.contains("1433")
                && line.endsWith("[default]"));
    }

    @Test
    void settingsFromTheEnvironmentAreTakenAndShownAsSuch() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("SQLMI_GATEWAY_PORT", "14330",
                "SQLMI_REDIRECT_ON_1433", "true", "SQLMI_ENGINE_CA_FILE", "/etc/sqlmi/tls/ca.crt",
                "SQLMI_BIND_ADDRESS", "127.0.0.1", "SQLMI_LOG_LEVEL", "DEBUG"));
        assertThat(config.tdsPort()).isEqualTo(14330);
        assertThat(config.redirectOn1433()).isTrue();
        assertThat(config.engineCaFile()).isEqualTo(Path.of("/etc/sqlmi/tls/ca.crt"));
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.logLevel()).isEqualTo("debug");
        assertThat(config.describe()).anyMatch(line -> line.contains("SQLMI_GATEWAY_PORT") && line.contains("14330")
                && !line.contains("[default]"));
    }

    @Test
    void unusableSettingsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("SQLMI_GATEWAY_PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SQLMI_GATEWAY_PORT must be a TCP port");
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("SQLMI_MAX_CONNECTIONS", "lots")))
                .hasMessageContaining("SQLMI_MAX_CONNECTIONS must be a positive number; got 'lots'");
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("SQLMI_FORCE_ENCRYPTION", "maybe")))
                .hasMessageContaining("SQLMI_FORCE_ENCRYPTION must be true or false");
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("SQLMI_GATEWAY_PORT", "3342")))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("SQLMI_PRIVATE_PORT", "1433")))
                .hasMessageContaining("SQLMI_GATEWAY_PORT and SQLMI_PRIVATE_PORT must differ");
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("SQLMI_PRELOGIN_TIMEOUT_SECONDS", "30")))
                .hasMessageContaining("must not exceed SQLMI_LOGIN_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of("SQLMI_LOG_LEVEL", "chatty")))
                .hasMessageContaining("SQLMI_LOG_LEVEL must be one of");
    }
}
