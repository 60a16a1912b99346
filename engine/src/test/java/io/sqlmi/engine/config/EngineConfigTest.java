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

    private static Map<String, String> with(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void replicaRoleIsPrimaryUnlessToldOrDerivedFromTheStatefulSetOrdinal() {
        assertThat(EngineConfig.fromEnvironment(MINIMAL).replicaRole()).isEqualTo(ReplicaRole.PRIMARY);
        assertThat(EngineConfig.fromEnvironment(with("SQLMI_REPLICA_ROLE", "Secondary")).replicaRole())
                .isEqualTo(ReplicaRole.SECONDARY);
        assertThat(EngineConfig.fromEnvironment(with("SQLMI_REPLICA_ROLE", "primary")).replicaRole())
                .isEqualTo(ReplicaRole.PRIMARY);
        assertThat(EngineConfig.fromEnvironment(with("SQLMI_REPLICA_ROLE", "Ordinal", "HOSTNAME", "mi1-0"))
                .replicaRole()).isEqualTo(ReplicaRole.PRIMARY);
        assertThat(EngineConfig.fromEnvironment(with("SQLMI_REPLICA_ROLE", "Ordinal", "HOSTNAME", "mi1-3"))
                .replicaRole()).isEqualTo(ReplicaRole.SECONDARY);
        assertThat(EngineConfig.fromEnvironment(with("SQLMI_REPLICA_ROLE", "Ordinal", "HOSTNAME", "my-mi-10"))
                .replicaRole()).isEqualTo(ReplicaRole.SECONDARY);
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(with("SQLMI_REPLICA_ROLE", "Ordinal", "HOSTNAME",
                "laptop"))).hasMessageContaining("-<ordinal>").hasMessageContaining("laptop");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(with("SQLMI_REPLICA_ROLE", "Replica")))
                .hasMessageContaining("Primary, Secondary or Ordinal");
    }

    @Test
    void redirectPortAndCertificateNames() {
        EngineConfig plain = EngineConfig.fromEnvironment(MINIMAL);
        assertThat(plain.redirectPort()).isEqualTo(EngineConfig.NO_REDIRECT_PORT);
        EngineConfig config = EngineConfig.fromEnvironment(with("SQLMI_REDIRECT_PORT", "11002", "SQLMI_INSTANCE_NAME",
                "mi1", "SQLMI_SERVER_NAME", "MI1.Zone.Database.Windows.Net", "SQLMI_TLS_HOST_NAMES",
                " mi1-0.mi1-engine ,*.zone.database.windows.net,"));
        assertThat(config.redirectPort()).isEqualTo(11002);
        assertThat(config.certificateNames()).startsWith("mi1", "mi1.zone.database.windows.net", "mi1-0.mi1-engine",
                "*.zone.database.windows.net").endsWith("localhost");
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(with("SQLMI_REDIRECT_PORT", "70000")))
                .hasMessageContaining("SQLMI_REDIRECT_PORT");
    }
}
