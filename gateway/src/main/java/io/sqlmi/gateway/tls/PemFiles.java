package io.sqlmi.gateway.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM as Kubernetes Secrets and cert-manager hold it: a certificate chain (leaf first) and an unencrypted
 * private key, RSA or EC, in PKCS#1, SEC1 or PKCS#8 form. The key must belong to the leaf certificate.
 */
public final class PemFiles {
    private PemFiles() {
    }

    public static List<X509Certificate> certificates(byte[] pem) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(pem)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("it is not PEM certificate text: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("it holds no CERTIFICATE block");
        }
        return List.copyOf(chain);
    }

    public static PrivateKey privateKey(byte[] pem) {
        try (PEMParser parser = parser(pem)) {
            Object item;
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            while ((item = parser.readObject()) != null) {
                if (item instanceof PEMKeyPair pair) {
                    return keys.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PrivateKeyInfo info) {
                    return keys.getPrivateKey(info);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("it is not PEM key text: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("it holds no unencrypted PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY");
    }

    /** Fails unless the key signs what the leaf certificate's public key verifies. */
    public static void checkPair(X509Certificate leaf, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("its key algorithm " + key.getAlgorithm()
                    + " is not RSA or EC");
        };
        try {
            byte[] probe = "sqlmi-gateway key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the key does not belong to the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the key does not belong to the certificate: " + e.getMessage(), e);
        }
    }

    private static PEMParser parser(byte[] pem) {
        return new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)));
    }
}
