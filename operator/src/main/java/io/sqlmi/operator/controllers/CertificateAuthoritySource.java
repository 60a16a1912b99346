package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlmi.operator.certificates.Authority;
import io.sqlmi.operator.config.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The operator's CA, read from its Secret in the operator's namespace (created there once when the operator may
 * generate it; {@link Authority#from} decides). It is read again every few minutes, so that a CA a user replaces
 * reaches new certificates without a restart; the operator itself never changes or deletes it.
 */
@ApplicationScoped
public class CertificateAuthoritySource {

    private static final Logger LOG = Logger.getLogger(CertificateAuthoritySource.class);
    static final Duration REREAD = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final OperatorConfig.Certificates config;
    private final Clock clock = Clock.systemUTC();
    private Authority cached;
    private Instant readAt;

    public CertificateAuthoritySource(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.config = config.certificates();
    }

    public boolean operatorIssues() {
        return config.issuer() == OperatorConfig.Certificates.Issuer.Operator;
    }

    /** The CA; fails with a message naming the fix when its Secret cannot be used. */
    public synchronized Authority authority() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(readAt.plus(REREAD))) {
            return cached;
        }
        Secret existing = client.secrets().inNamespace(config.namespace()).withName(config.caSecret()).get();
        Authority.Outcome outcome = Authority.from(existing, config.issuer(), config.generateCa(), config.namespace(),
                config.caSecret(), now);
        if (outcome instanceof Authority.Create create) {
            try {
                client.secrets().inNamespace(config.namespace()).resource(create.secret()).create();
                LOG.infof("created the CA Secret %s/%s (valid until %s)", config.namespace(), config.caSecret(),
                        create.authority().certificate().getNotAfter().toInstant());
                outcome = new Authority.Found(create.authority());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Another operator process created it first: use theirs.
                outcome = Authority.from(client.secrets().inNamespace(config.namespace()).withName(config.caSecret()).get(),
                        config.issuer(), false, config.namespace(), config.caSecret(), now);
            }
        }
        if (outcome instanceof Authority.Problem problem) {
            throw new IllegalStateException(problem.message());
        }
        cached = ((Authority.Found) outcome).authority();
        readAt = now;
        return cached;
    }
}
