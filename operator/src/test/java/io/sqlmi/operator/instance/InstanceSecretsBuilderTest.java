package io.sqlmi.operator.instance;

import static io.sqlmi.operator.testing.Fixtures.managedInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.sqlmi.operator.certificates.Pki;
import io.sqlmi.operator.certificates.TrustStores;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class InstanceSecretsBuilderTest {

    final ManagedInstance mi = managedInstance("mi1");

    static String decoded(Secret secret, String key) {
        assertThat(secret.getStringData()).as("values go to data, base64-encoded").isNullOrEmpty();
        return new String(Base64.getDecoder().decode(secret.getData().get(key)));
    }

    @RepeatedTest(5)
    void generatedPasswordsMeetSqlServerComplexityAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = InstanceSecretsBuilder.password();
            assertThat(password).hasSize(24)
                    .containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[0-9]").containsPattern("[^A-Za-z0-9]")
                    .doesNotContainIgnoringCase("sqladmin")
                    .matches("[A-Za-z0-9\\-_.!]+");
            assertThat(seen.add(password)).as("unique").isTrue();
        }
    }

    static final String CA = Pki.newAuthority("test CA", Duration.ofDays(30), Instant.now()).certificatePem();

    @Test
    void connectionSecretHoldsHostPortCredentialsTheCaAndAStringForEveryDriverInData() {
        Secret secret = InstanceSecretsBuilder.connection(mi, "mi1.a1b2c3d4e5f6.database.windows.net", "Pa55w.rd!", CA,
                TrustStores.jks(CA));

        assertThat(secret.getMetadata().getName()).isEqualTo("mi1-connection");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("sqlmi-subnet-a");
        assertThat(secret.getMetadata().getLabels()).containsEntry(Labels.MANAGED_INSTANCE, "mi1")
                .containsEntry(Labels.COMPONENT, "connection");
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getData()).containsOnlyKeys("host", "port", "username", "password", "jdbcUrl",
                "odbcConnectionString", "adoNetConnectionString", "goConnectionString", "ca.crt", "truststore.jks");
        assertThat(decoded(secret, "host")).isEqualTo("mi1.a1b2c3d4e5f6.database.windows.net");
        assertThat(decoded(secret, "port")).isEqualTo("1433");
        assertThat(decoded(secret, "username")).isEqualTo("sqladmin");
        assertThat(decoded(secret, "password")).isEqualTo("Pa55w.rd!");
        assertThat(decoded(secret, "ca.crt")).isEqualTo(CA);
        assertThat(TrustStores.read(Base64.getDecoder().decode(secret.getData().get("truststore.jks"))))
                .as("read without a password, as mssql-jdbc reads it").singleElement()
                .isEqualTo(Pki.certificate(CA));
        assertThat(decoded(secret, "jdbcUrl")).isEqualTo("jdbc:sqlserver://mi1.a1b2c3d4e5f6.database.windows.net:1433;"
                + "encrypt=true;trustServerCertificate=false;hostNameInCertificate=*.a1b2c3d4e5f6.database.windows.net;"
                + "trustStore=/etc/sqlmi/connection/truststore.jks;loginTimeout=30");
        assertThat(decoded(secret, "odbcConnectionString")).isEqualTo("Driver={ODBC Driver 18 for SQL Server};"
                + "Server=tcp:mi1.a1b2c3d4e5f6.database.windows.net,1433;Uid={sqladmin};Pwd={Pa55w.rd!};Encrypt=yes;"
                + "TrustServerCertificate=no;HostNameInCertificate=*.a1b2c3d4e5f6.database.windows.net;Connection Timeout=30");
        assertThat(decoded(secret, "adoNetConnectionString")).isEqualTo("Server=tcp:mi1.a1b2c3d4e5f6.database.windows.net,1433;"
                + "User ID=\"sqladmin\";Password=\"Pa55w.rd!\";Encrypt=True;TrustServerCertificate=False;"
                + "HostNameInCertificate=*.a1b2c3d4e5f6.database.windows.net;Connect Timeout=30");
        assertThat(decoded(secret, "goConnectionString")).isEqualTo("sqlserver://sqladmin:Pa55w.rd%21@"
                + "mi1.a1b2c3d4e5f6.database.windows.net:1433?encrypt=true&certificate=/etc/sqlmi/connection/ca.crt"
                + "&connection+timeout=30");
    }

    @Test
    void passwordsWithTheDelimitersOfEachStringStayOneValue() {
        String password = "a;b}c\"d@e:f/g h";

        assertThat(ConnectionStrings.odbc("h.z.s", "u", password)).contains(";Pwd={a;b}}c\"d@e:f/g h};");
        assertThat(ConnectionStrings.adoNet("h.z.s", "u", password)).contains(";Password=\"a;b}c\"\"d@e:f/g h\";");
        assertThat(ConnectionStrings.goMssqldb("h.z.s", "u", password))
                .startsWith("sqlserver://u:a%3Bb%7Dc%22d%40e%3Af%2Fg%20h@h.z.s:1433?");
    }

    @Test
    void generatedAdminPasswordSecretIsNamedAfterTheInstance() {
        Secret secret = InstanceSecretsBuilder.generatedAdminPassword(mi, "Gen3rated!pw");

        assertThat(secret.getMetadata().getName()).isEqualTo("mi1-admin");
        assertThat(secret.getData()).containsOnlyKeys("password");
        assertThat(decoded(secret, "password")).isEqualTo("Gen3rated!pw");
        assertThat(InstanceSecretsBuilder.decode(secret.getData().get("password"))).isEqualTo("Gen3rated!pw");
    }

    @Test
    void engineCredentialsHoldAFreshSaPassword() {
        Secret first = InstanceSecretsBuilder.engineCredentials(mi);
        Secret second = InstanceSecretsBuilder.engineCredentials(mi);

        assertThat(first.getMetadata().getName()).isEqualTo("mi1-engine-credentials");
        assertThat(first.getData()).containsOnlyKeys("sa-password");
        assertThat(decoded(first, "sa-password")).hasSize(24).isNotEqualTo(decoded(second, "sa-password"));
    }
}
