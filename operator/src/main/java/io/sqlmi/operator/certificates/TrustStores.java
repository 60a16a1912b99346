package io.sqlmi.operator.certificates;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/**
 * A Java trust store holding the CA, for JDBC drivers that cannot read PEM (mssql-jdbc's trustStore). JKS, because
 * a JKS store of certificates loads without a password: it holds nothing secret, and the connection Secret's URL
 * then needs none.
 */
public final class TrustStores {

    /** The password the store is written with; reading it needs none. Not a secret: the store holds a public certificate. */
    static final char[] WRITE_PASSWORD = "sqlmi-ca".toCharArray();

    private TrustStores() {
    }

    public static byte[] jks(String caPem) {
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : Pki.certificates(caPem)) {
                store.setCertificateEntry("sqlmi-ca" + (i++ == 0 ? "" : "-" + i), ca);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, WRITE_PASSWORD);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the trust store", e);
        }
    }

    /** The certificates of a JKS store, read without a password as a driver reads it. */
    public static java.util.List<X509Certificate> read(byte[] jks) {
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(new ByteArrayInputStream(jks), null);
            java.util.List<X509Certificate> certificates = new java.util.ArrayList<>();
            for (String alias : java.util.Collections.list(store.aliases())) {
                certificates.add((X509Certificate) store.getCertificate(alias));
            }
            return certificates;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("not a JKS trust store: " + e.getMessage(), e);
        }
    }
}
