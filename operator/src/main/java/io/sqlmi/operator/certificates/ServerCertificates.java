package io.sqlmi.operator.certificates;

import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The certificate a server Secret should hold: the one it has while that still fits its plan, else a new one. */
public final class ServerCertificates {

    private ServerCertificates() {
    }

    public static IssuedCertificate keepOrIssue(CertificatePlan plan, Secret existing, Authority authority, Instant now) {
        IssuedCertificate current = existing == null ? null : TlsSecrets.read(existing);
        Optional<String> reason = plan.reissueReason(current == null ? null : current.certificatePem(),
                current == null ? null : current.privateKeyPem(), authority.certificate(), now);
        return reason.isEmpty() ? current : Pki.issue(authority.signing(), plan, now);
    }

    /**
     * How long until the certificate of a server Secret is due for renewal (at least a second), or empty when the
     * Secret holds none: the reconciler asks to run again then, so that a quiet cluster still renews in time.
     */
    public static Optional<Duration> untilRenewal(Secret secret, Instant now) {
        String pem = secret == null ? null : TlsSecrets.text(secret, TlsSecrets.CERTIFICATE);
        if (pem == null) {
            return Optional.empty();
        }
        try {
            Instant renewal = CertificatePlan.renewalTime(Pki.certificate(pem));
            Duration wait = Duration.between(now, renewal);
            return Optional.of(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
        } catch (IllegalArgumentException e) {
            return Optional.of(Duration.ofSeconds(1));
        }
    }
}
