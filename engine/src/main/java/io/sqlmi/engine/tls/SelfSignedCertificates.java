package io.sqlmi.engine.tls;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What needs BouncyCastle: making a self-signed certificate, and reading a private key in an encoding
 * the JDK does not read (SEC1 EC keys). Kept apart so that a start that needs neither never loads it.
 */
final class SelfSignedCertificates {
    private SelfSignedCertificates() {
    }

    /** The certificate and its private key, for the given DNS names (the first is the subject), localhost, 127.0.0.1. */
    static Object[] make(List<String> dnsNames) {
        try {
            // RSA: Java 17's ECDSA is pure Java and signs a handshake several times slower than RSA-2048
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Set<String> names = new LinkedHashSet<>(dnsNames);
            names.add("localhost");
            X500Name subject = new X500Name("CN=" + names.iterator().next());
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), subject, pair.getPublic());
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                boolean address = name.matches("[0-9.]+") || name.contains(":");
                alternatives.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            alternatives.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new Object[] {certificate, pair.getPrivate()};
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a self-signed certificate", e);
        }
    }

    static PrivateKey readKey(Path keyFile) throws IOException {
        try (Reader reader = Files.newBufferedReader(keyFile); PEMParser parser = new PEMParser(reader)) {
            Object item = parser.readObject();
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            if (item instanceof PEMKeyPair pair) {
                return keys.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (item instanceof PrivateKeyInfo info) {
                return keys.getPrivateKey(info);
            }
            throw new IllegalArgumentException("no unencrypted private key in " + keyFile);
        }
    }
}
