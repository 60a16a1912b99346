package io.sqlmi.operator.certificates;

import io.fabric8.kubernetes.api.model.Secret;
import io.sqlmi.operator.config.OperatorConfig.Certificates.Issuer;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The CA the operator's certificates come from, and what clients are given to trust ({@code ca.crt} of the
 * connection Secrets). Pure: {@link #from} decides what an existing (or missing) CA Secret means.
 *
 * @param certificatePem the CA certificate clients trust
 * @param signing        the CA's certificate and key, or null with an external issuer (the operator signs nothing)
 */
public record Authority(String certificatePem, IssuedCertificate signing) {

    /** What the CA Secret gives: an authority, one to create, or a problem whose message names the fix. */
    public sealed interface Outcome {
    }

    public record Found(Authority authority) implements Outcome {
    }

    /** The Secret does not exist and the operator may make it: this is what to create. */
    public record Create(Secret secret, Authority authority) implements Outcome {
    }

    public record Problem(String message) implements Outcome {
    }

    public X509Certificate certificate() {
        return Pki.certificate(certificatePem);
    }

    /**
     * @param existing the CA Secret as read from the operator's namespace, or null when it does not exist
     * @param generate whether the operator may create it when it does not exist
     */
    public static Outcome from(Secret existing, Issuer issuer, boolean generate, String namespace, String name, Instant now) {
        String where = "Secret " + namespace + "/" + name;
        if (existing == null) {
            if (issuer == Issuer.External) {
                return new Problem(where + " does not exist: with certificates issued outside the operator, create it"
                        + " with ca.crt, the certificate of the CA that signs the gateway and engine certificates"
                        + " (Helm: certificates.caSecretName)");
            }
            if (!generate) {
                return new Problem(where + " does not exist: create it with tls.crt and tls.key of your CA, or let"
                        + " the operator generate one (Helm: certificates.generateCa: true)");
            }
            IssuedCertificate generated = Pki.newAuthority("sqlmi-operator CA", CertificatePlan.AUTHORITY_VALIDITY, now);
            return new Create(TlsSecrets.authority(namespace, name, generated),
                    new Authority(generated.certificatePem(), generated));
        }
        String certificate = TlsSecrets.text(existing, TlsSecrets.CERTIFICATE);
        String key = TlsSecrets.text(existing, TlsSecrets.KEY);
        if (issuer == Issuer.External) {
            String ca = TlsSecrets.text(existing, TlsSecrets.CA);
            String pem = ca != null ? ca : certificate;
            if (pem == null) {
                return new Problem(where + " has neither ca.crt nor tls.crt: put the certificate of the CA that signs"
                        + " the gateway and engine certificates in ca.crt");
            }
            return readable(where, pem, null);
        }
        if (certificate == null || key == null) {
            return new Problem(where + " must hold tls.crt and tls.key of a CA (PEM): the operator signs the gateway"
                    + " and engine certificates with it");
        }
        return readable(where, certificate, new IssuedCertificate(certificate, key));
    }

    private static Outcome readable(String where, String certificatePem, IssuedCertificate signing) {
        try {
            X509Certificate ca = Pki.certificate(certificatePem);
            if (signing != null) {
                Pki.privateKey(signing.privateKeyPem());
                if (ca.getBasicConstraints() < 0) {
                    return new Problem(where + ": tls.crt is not a CA certificate (basicConstraints CA:TRUE is missing)");
                }
            }
            // Only the first certificate (the CA itself) is trusted by clients: a chain's intermediates stay out.
            return new Found(new Authority(Pki.pem(ca), signing == null ? null
                    : new IssuedCertificate(Pki.pem(ca), signing.privateKeyPem())));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return new Problem(where + " cannot be read: " + e.getMessage());
        }
    }
}
