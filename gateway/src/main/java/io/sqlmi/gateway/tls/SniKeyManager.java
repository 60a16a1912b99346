package io.sqlmi.gateway.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the certificate of each TLS handshake from the server name the client asked for (SNI): an exact DNS
 * name first, then a wildcard. A client without SNI (FreeTDS, connections by address) gets the certificate of
 * the listener's own name ({@code *.<zone>.<suffix>} on 1433, {@code *.public.<zone>.<suffix>} on 3342,
 * {@code *.privatelink.<zone>.<suffix>} on 1435). The
 * identities come from the {@link CertificateDirectory} at each handshake, so a reload takes effect at once.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final CertificateDirectory certificates;
    private final Supplier<String> defaultName;

    SniKeyManager(CertificateDirectory certificates, Supplier<String> defaultName) {
        this.certificates = certificates;
        this.defaultName = defaultName;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String requested = TlsSessions.requestedServerName(engine.getHandshakeSession());
        ServerIdentity chosen = choose(requested == null ? defaultName.get() : requested, keyType);
        return chosen == null ? null : chosen.alias();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        ServerIdentity chosen = choose(defaultName.get(), keyType);
        return chosen == null ? null : chosen.alias();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServerIdentity identity = certificates.byAlias(alias);
        return identity == null ? null : identity.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServerIdentity identity = certificates.byAlias(alias);
        return identity == null ? null : identity.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return certificates.identities().stream().filter(i -> i.key().getAlgorithm().equals(keyType))
                .map(ServerIdentity::alias).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private ServerIdentity choose(String name, String keyType) {
        List<ServerIdentity> identities = certificates.identities();
        ServerIdentity best = null;
        int bestScore = -1;
        for (ServerIdentity identity : identities) {
            if (!identity.key().getAlgorithm().equals(keyType)) {
                continue;
            }
            int score = name == null ? 0 : identity.matchScore(name);
            if (score > bestScore) {
                best = identity;
                bestScore = score;
            }
        }
        return best;
    }
}
