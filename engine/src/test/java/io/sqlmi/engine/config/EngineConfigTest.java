package io.sqlmi.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineConfigTest {
    private static final Map<String, String> MINIMAL = Map.of("ACCEPT_EULA", "Y", "MSSQL_SA_PASSWORD", "Str0ng!Pass");

    @Test
    void defaultsOfTheContainerContract() {
        EngineConfig config = EngineConfig.fromEnvironment(MINIMAL);
        assertThat(config.tcpPort()).isEqualTo(1433);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/opt/mssql"));
        assertThat(config.healthPort()).isEqualTo(8080);
        assertThat(config.minimalTlsVersion()).isEqualTo(MinimalTlsVersion.TLS_1_2);
        assertThat(config.tlsCertFile()).isNull();
        assertThat(config.describe(MINIMAL)).anyMatch(line -> line.contains("MSSQL_TCP_PORT") && line.contains("1433")
                && line.contains("[default]")).noneMatch(line -> line.contains("Str0ng!Pass"));
    }

    @Test
    void refusalsLikeTheSqlServerImage() {
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("MSSQL_SA_PASSWORD", "Str0ng!Pass")))
                .hasMessageContaining("ACCEPT_EULA=Y");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("ACCEPT_EULA", "Y")))
                .hasMessageContaining("MSSQL_SA_PASSWORD");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("ACCEPT_EULA", "Y", "MSSQL_SA_PASSWORD", "short")))
                .hasMessageContaining("password policy");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("ACCEPT_EULA", "Y", "MSSQL_SA_PASSWORD",
                "Str0ng!Pass", "SQLMI_TLS_CERT_FILE", "/x.crt"))).hasMessageContaining("SQLMI_TLS_KEY_FILE");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("ACCEPT_EULA", "Y", "MSSQL_SA_PASSWORD",
                "Str0ng!Pass", "SQLMI_MINIMAL_TLS_VERSION", "1.4"))).hasMessageContaining("None, 1.0");
    }

    @Test
    void minimalTlsVersionComparesProtocols() {
        assertThat(MinimalTlsVersion.TLS_1_2.allows("TLSv1.2")).isTrue();
        assertThat(MinimalTlsVersion.TLS_1_2.allows("TLSv1.3")).isTrue();
        assertThat(MinimalTlsVersion.TLS_1_3.allows("TLSv1.2")).isFalse();
        assertThat(MinimalTlsVersion.TLS_1_0.allows(null)).isFalse();
        assertThat(MinimalTlsVersion.NONE.allows(null)).isTrue();
    }
}
