package io.sqlmi.operator.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.sqlmi.operator.config.OperatorConfig.Certificates.Issuer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthorityTest {

    static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");

    @Test
    void withoutACaSecretTheOperatorMakesOneThatLivesTenYearsAndHasNoOwner() {
        Authority.Outcome outcome = Authority.from(null, Issuer.Operator, true, "sqlmi-system", "sqlmi-operator-ca", NOW);

        assertThat(outcome).isInstanceOf(Authority.Create.class);
        Authority.Create create = (Authority.Create) outcome;
        Secret secret = create.secret();
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("sqlmi-system");
        assertThat(secret.getMetadata().getName()).isEqualTo("sqlmi-operator-ca");
        assertThat(secret.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(create.authority().certificate().getBasicConstraints()).isZero();
        assertThat(create.authority().certificate().getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3649)));
        // Read back, the Secret gives the same CA.
        Authority.Outcome reread = Authority.from(secret, Issuer.Operator, true, "sqlmi-system", "sqlmi-operator-ca", NOW);
        assertThat(((Authority.Found) reread).authority().certificatePem()).isEqualTo(create.authority().certificatePem());
        assertThat(((Authority.Found) reread).authority().signing()).isNotNull();
    }

    @Test
    void aUsersOwnCaIsUsedAsItIsAndItsAbsenceNamesTheFix() {
        IssuedCertificate own = Pki.newAuthority("corp CA", Duration.ofDays(100), NOW);
        Secret users = tls(own.certificatePem(), own.privateKeyPem(), null);

        Authority.Outcome found = Authority.from(users, Issuer.Operator, false, "sqlmi-system", "corp-ca", NOW);
        Authority.Outcome missing = Authority.from(null, Issuer.Operator, false, "sqlmi-system", "corp-ca", NOW);

        assertThat(((Authority.Found) found).authority().certificatePem()).isEqualTo(own.certificatePem());
        assertThat(((Authority.Problem) missing).message()).isEqualTo("Secret sqlmi-system/corp-ca does not exist:"
                + " create it with tls.crt and tls.key of your CA, or let the operator generate one"
                + " (Helm: certificates.generateCa: true)");
    }

    @Test
    void aServerCertificateOrAKeylessSecretIsNoCaToSignWith() {
        IssuedCertificate ca = Pki.newAuthority("corp CA", Duration.ofDays(100), NOW);
        IssuedCertificate leaf = Pki.issue(ca, new CertificatePlan("x", java.util.List.of("x.example"), Duration.ofDays(1)), NOW);

        Authority.Outcome notACa = Authority.from(tls(leaf.certificatePem(), leaf.privateKeyPem(), null), Issuer.Operator,
                false, "ns", "ca", NOW);
        Authority.Outcome keyless = Authority.from(tls(ca.certificatePem(), null, null), Issuer.Operator, false, "ns", "ca", NOW);

        assertThat(((Authority.Problem) notACa).message()).contains("not a CA certificate");
        assertThat(((Authority.Problem) keyless).message()).contains("must hold tls.crt and tls.key");
    }

    @Test
    void anExternalIssuerNeedsOnlyTheCaCertificateAndTheOperatorNeverMakesOne() {
        IssuedCertificate ca = Pki.newAuthority("cert-manager CA", Duration.ofDays(100), NOW);

        Authority.Outcome found = Authority.from(tls(null, null, ca.certificatePem()), Issuer.External, true, "ns", "ca", NOW);
        Authority.Outcome missing = Authority.from(null, Issuer.External, true, "ns", "ca", NOW);

        assertThat(((Authority.Found) found).authority().signing()).as("nothing to sign with").isNull();
        assertThat(((Authority.Found) found).authority().certificatePem()).isEqualTo(ca.certificatePem());
        assertThat(missing).isInstanceOf(Authority.Problem.class);
        assertThat(((Authority.Problem) missing).message()).contains("create it with ca.crt");
    }

    static Secret tls(String certificate, String key, String ca) {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName("ca").endMetadata().withType("kubernetes.io/tls");
        if (certificate != null) {
            secret.addToData("tls.crt", TlsSecrets.base64(certificate));
        }
        if (key != null) {
            secret.addToData("tls.key", TlsSecrets.base64(key));
        }
        if (ca != null) {
            secret.addToData("ca.crt", TlsSecrets.base64(ca));
        }
        return secret.build();
    }
}
