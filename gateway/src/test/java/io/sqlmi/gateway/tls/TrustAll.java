package io.sqlmi.gateway.tls;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** Accepts any certificate: the key-manager tests look at which one is served, not at trust. */
final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
