package io.sqlmi.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for the test run, as the operator keeps one: it issues the gateway's certificates
 * and the engines', and clients trust it through a PKCS#12 trust store (mssql-jdbc) or a PEM file (python-tds).
 */
public final class TestPki {
    public static final String TRUST_STORE_PASSWORD = "changeit";

    /** A certificate and its key, written as PEM files. */
    public record Issued(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
    }

    private static TestPki shared;

    private final Path directory;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;
    private final Path trustStore;

    private TestPki(Path directory) throws Exception {
        this.directory = directory;
        this.caKeys = keys();
        X500Name name = new X500Name("CN=sqlmi test CA");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(),
                notAfter(), name, caKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = sign(builder);
        this.caFile = Files.writeString(directory.resolve("ca.crt"), pem(ca));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("sqlmi-test-ca", ca);
        this.trustStore = directory.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
    }

    /** The CA of this test JVM. */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                shared = new TestPki(Files.createTempDirectory("sqlmi-gateway-pki"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test CA", e);
            }
        }
        return shared;
    }

    public Path caFile() {
        return caFile;
    }

    public Path trustStore() {
        return trustStore;
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A server certificate for the DNS names, written as {@code <base>.crt} and {@code <base>.key} in a directory. */
    public Issued issue(Path folder, String base, List<String> dnsNames) {
        try {
            KeyPair keys = keys();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=sqlmi test CA"),
                    serial(), notBefore(), notAfter(), new X500Name("CN=" + dnsNames.get(0).replace("*", "wildcard")),
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                    .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = sign(builder);
            Files.createDirectories(folder);
            Path certFile = folder.resolve(base + ".crt");
            Path keyFile = folder.resolve(base + ".key");
            Files.writeString(certFile, pem(certificate) + pem(ca));
            Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
            return new Issued(certificate, keys.getPrivate(), certFile, keyFile);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + dnsNames, e);
        }
    }

    public Path directory() {
        return directory;
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    /** EC P-256: as good as RSA for the tests and a hundred times faster to generate. */
    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }

    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
