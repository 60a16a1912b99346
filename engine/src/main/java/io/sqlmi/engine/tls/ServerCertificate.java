package io.sqlmi.engine.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The engine's TLS identity: a certificate chain and key read from PEM files (a mounted Secret),
 * or a self-signed certificate made at start for the instance name, the host name and localhost.
 */
public final class ServerCertificate {
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ServerCertificate(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /** The DNS and IP names of the certificate's subject alternative names. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            if (certificate().getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate().getSubjectAlternativeNames()) {
                    names.add(String.valueOf(name.get(1)));
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public PrivateKey privateKey() {
        return key;
    }

    /** Reads a PEM certificate chain and a PEM private key (PKCS#1 or PKCS#8). */
    public static ServerCertificate fromPemFiles(Path certificateFile, Path keyFile) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            try (Reader reader = Files.newBufferedReader(certificateFile); PEMParser parser = new PEMParser(reader)) {
                Object item;
                while ((item = parser.readObject()) != null) {
                    if (item instanceof X509CertificateHolder holder) {
                        chain.add(converter.getCertificate(holder));
                    }
                }
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + certificateFile);
            }
            PrivateKey privateKey;
            try (Reader reader = Files.newBufferedReader(keyFile); PEMParser parser = new PEMParser(reader)) {
                Object item = parser.readObject();
                JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
                if (item instanceof PEMKeyPair pair) {
                    privateKey = keys.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (item instanceof PrivateKeyInfo info) {
                    privateKey = keys.getPrivateKey(info);
                } else {
                    throw new IllegalArgumentException("no unencrypted private key in " + keyFile);
                }
            }
            return new ServerCertificate(List.copyOf(chain), privateKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate or key: " + e.getMessage(), e);
        }
    }

    /**
     * A self-signed RSA certificate valid for a year for the given DNS names (the first is the subject),
     * localhost and 127.0.0.1.
     */
    public static ServerCertificate selfSigned(List<String> dnsNames) {
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
            return new ServerCertificate(List.of(certificate), pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a self-signed certificate", e);
        }
    }

    public SSLContext sslContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "sqlmi".toCharArray();
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    /** PEM text of the certificate, for clients that pin it (and for tests). */
    public String certificatePem() {
        return pem(certificate());
    }

    /** PKCS#8 PEM ("PRIVATE KEY"), readable by OpenSSL and by {@link #fromPemFiles}. */
    public String privateKeyPem() {
        try {
            return pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object item) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(item);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
