package io.sqlmi.gateway.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate chain with its private key, and the DNS names it is valid for (its subject alternative names,
 * or its common name when it has none). {@link #matchScore} decides which identity serves a TLS server name.
 */
public record ServerIdentity(String source, List<X509Certificate> chain, PrivateKey key, List<String> dnsNames,
        String alias) {

    public static ServerIdentity of(String source, List<X509Certificate> chain, PrivateKey key) {
        X509Certificate leaf = chain.get(0);
        return new ServerIdentity(source, List.copyOf(chain), key, dnsNames(leaf), fingerprint(leaf));
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * 2 when a DNS name equals the host, 1 when a wildcard covers it (one label, as TLS clients check it),
     * 0 otherwise.
     */
    public int matchScore(String host) {
        int best = 0;
        for (String name : dnsNames) {
            if (name.equals(host)) {
                return 2;
            }
            if (name.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot + 1).equals(name.substring(2))) {
                    best = 1;
                }
            }
        }
        return best;
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                    if (((Integer) entry.get(0)) == 2) {
                        names.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("its subject alternative names cannot be read: " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            for (String part : subject.split(",")) {
                if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                    names.add(part.substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(names);
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
