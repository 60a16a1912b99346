package io.sqlmi.operator.certificates;

import io.sqlmi.operator.connectivity.HostNames;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.gateway.RoutingTableBuilder;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceSettings;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a server certificate must say: its names and how long it lives. Pure: the names come from the same formulas
 * the gateway routes on ({@link HostNames}, {@link RoutingTableBuilder#engineHost}), so a certificate always
 * matches the names clients use.
 *
 * @param commonName a label for people (clients match the DNS names, not the CN); at most 64 characters
 * @param dnsNames   the subject alternative names, sorted and without duplicates
 */
public record CertificatePlan(String commonName, List<String> dnsNames, Duration validity) {

    /** The CA lives long: replacing it would make every client's ca.crt stale, so the operator never does. */
    public static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);

    public CertificatePlan {
        dnsNames = List.copyOf(new TreeSet<>(dnsNames));
        commonName = commonName.length() > 64 ? commonName.substring(0, 64) : commonName;
    }

    /**
     * A virtual cluster's gateway: the three wildcards of its zone, one per endpoint type (VNet-local, public,
     * private), so that one certificate serves every instance of the zone.
     */
    public static CertificatePlan gateway(String virtualCluster, String dnsZone, String suffix, Duration validity) {
        return new CertificatePlan(virtualCluster + " gateway", List.of(HostNames.vnetLocal("*", dnsZone, suffix),
                HostNames.publicEndpoint("*", dnsZone, suffix), HostNames.privateEndpoint("*", dnsZone, suffix)), validity);
    }

    /**
     * An instance's engine: the hosts the gateway redirects clients to, in the instance's DNS zone (where go-mssqldb
     * and ODBC validate after the redirect), the Services it proxies to, the replicas' stable names, and the zone's
     * wildcard: mssql-jdbc keeps validating a wildcard {@code hostNameInCertificate} after a redirect, as the
     * connection Secret's URL sets it. One certificate serves every replica, so it names the secondary's too.
     */
    public static CertificatePlan engine(ManagedInstance mi, String fqdn, String clusterDomain, Duration validity) {
        String namespace = mi.getMetadata().getNamespace();
        List<String> names = new ArrayList<>();
        names.add("*." + fqdn.substring(fqdn.indexOf('.') + 1));
        names.add(HostNames.replicaOf(fqdn, HostNames.PRIMARY_LABEL));
        // mssql-jdbc rewrites a wildcard hostNameInCertificate of the same domain after a redirect: *.<zone> becomes
        // *.primary.<zone> for the routed host <mi>.primary.<zone>, and it then validates that wildcard.
        names.add(wildcardOf(HostNames.replicaOf(fqdn, HostNames.PRIMARY_LABEL)));
        names.add(RoutingTableBuilder.engineHost(mi, clusterDomain));
        String primary = InstanceNames.primaryService(mi);
        names.add(primary + "." + namespace + ".svc");
        if (InstanceSettings.hasReadableSecondary(mi.getSpec())) {
            names.add(HostNames.replicaOf(fqdn, HostNames.SECONDARY_LABEL));
            names.add(wildcardOf(HostNames.replicaOf(fqdn, HostNames.SECONDARY_LABEL)));
            names.add(RoutingTableBuilder.secondaryEngineHost(mi, clusterDomain));
        }
        String headless = InstanceNames.headlessService(mi);
        for (int ordinal = 0; ordinal < Math.max(1, InstanceSettings.replicas(mi.getSpec())); ordinal++) {
            names.add(HostNames.service(InstanceNames.pod(mi, ordinal) + "." + headless, namespace, clusterDomain));
        }
        return new CertificatePlan(mi.getMetadata().getName() + " engine", names, validity);
    }

    private static String wildcardOf(String host) {
        return "*" + host.substring(host.indexOf('.'));
    }

    /** When a certificate is renewed: once two thirds of its lifetime have passed, as cert-manager does. */
    public static Instant renewalTime(X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        return notAfter.minus(lifetime.dividedBy(3));
    }

    /**
     * Why the certificate in a Secret must be issued again, or empty when it is kept: a Secret the operator wrote is
     * rewritten only when its certificate names other hosts, comes from another CA, or is due for renewal.
     */
    public Optional<String> reissueReason(String certificatePem, String keyPem, X509Certificate authority, Instant now) {
        if (certificatePem == null || keyPem == null) {
            return Optional.of("no certificate yet");
        }
        X509Certificate current;
        try {
            current = Pki.certificate(certificatePem);
            Pki.privateKey(keyPem);
        } catch (IllegalArgumentException e) {
            return Optional.of("the certificate or key cannot be read: " + e.getMessage());
        }
        if (!Pki.isSignedBy(current, authority)) {
            return Optional.of("it was not issued by the current CA");
        }
        if (!new TreeSet<>(Pki.dnsNames(current)).equals(new TreeSet<>(dnsNames))) {
            return Optional.of("its names " + Pki.dnsNames(current) + " differ from " + dnsNames);
        }
        if (!now.isBefore(renewalTime(current))) {
            return Optional.of("it is due for renewal (expires " + current.getNotAfter().toInstant() + ")");
        }
        return Optional.empty();
    }
}
