package io.sqlmi.e2e.tls;

import static io.sqlmi.e2e.support.CustomResources.at;
import static io.sqlmi.e2e.support.SecretLogins.attempt;
import static io.sqlmi.e2e.support.SecretLogins.decode;
import static io.sqlmi.e2e.support.SecretLogins.query;
import static io.sqlmi.e2e.support.CustomResources.managedInstance;
import static io.sqlmi.e2e.support.CustomResources.virtualCluster;
import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.sqlmi.e2e.support.ClusterPods;
import io.sqlmi.e2e.support.CustomResources;
import io.sqlmi.e2e.support.HostsFile;
import io.sqlmi.e2e.support.JdbcApplication;
import io.sqlmi.e2e.support.LocalCluster;
import io.sqlmi.e2e.support.OperatorProcess;
import io.sqlmi.e2e.support.ProductDns;
import io.sqlmi.e2e.support.TestCluster;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The certificates as clients see them, on the real node: a client that trusts only the connection Secret's CA (its
 * ca.crt, or the same CA as truststore.jks) validates the gateway's certificate for the instance's host name, and,
 * after the gateway redirects it, the engine's certificate for the routed host, which the engine serves on its own
 * redirect port. The Secret's JDBC URL works as it is from an application pod that mounts the Secret. An unchanged
 * cluster rewrites none of the certificate Secrets, and the CA stays.
 */
class CertificatesIT {

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("certs");

    @BeforeAll
    static void operatorRunsAndTheRealNodeRunsItsPods() {
        LocalCluster.assumeRealNode();
        ProductDns.ensure(); // the application pods resolve the redirect host names through it
        OperatorProcess.shared();
    }

    @Test
    void aClientTrustingOnlyTheConnectionSecretsCaValidatesTheGatewayAndAfterTheRedirectTheEngine() throws Exception {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.63.0.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        CustomResources.create(ns, CustomResources.instanceYaml("mi2", "vc1", "GeneralPurpose", 4, 32)
                + "  proxyOverride: Proxy\n");
        Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1", "ManagedInstance/mi1", "ManagedInstance/mi2");
        String gateway = at(virtualCluster(ns, "vc1"), "status", "gateway", "address");
        String redirected = at(managedInstance(ns, "mi1"), "status", "fullyQualifiedDomainName");
        String proxied = at(managedInstance(ns, "mi2"), "status", "fullyQualifiedDomainName");
        HostsFile.map(redirected, gateway);
        HostsFile.map(proxied, gateway);
        String routedHost = redirected.replaceFirst("^mi1\\.", "mi1.primary.");
        HostsFile.map(routedHost, client().services().inNamespace(ns).withName("mi1-primary").get().getSpec().getClusterIP());
        Map<String, String> secret = secretData(ns, "mi1-connection");
        Map<String, String> proxiedSecret = secretData(ns, "mi2-connection");
        assertThat(proxiedSecret.get("ca.crt")).as("one CA for every instance").isEqualTo(secret.get("ca.crt"));
        Path store = Files.createTempFile("sqlmi-truststore", ".jks");
        Files.write(store, Base64.getDecoder().decode(secret.get("truststore.jks")));
        X509Certificate ca = certificate(decode(secret.get("ca.crt")));

        // Proxy: the gateway's certificate, checked for the instance's name (no hostNameInCertificate).
        String proxy = "jdbc:sqlserver://" + proxied + ":1433;encrypt=true;trustServerCertificate=false;trustStore="
                + store + ";loginTimeout=15";
        Wait.atMost(Wait.MOUNTED).untilAsserted(() -> assertThat(attempt(proxy, proxiedSecret, "SELECT @@SERVERNAME")).isEqualTo("mi2"));
        // Redirect: the Secret's own URL (its wildcard hostNameInCertificate), then the same without it, where the
        // driver checks the routed host's name in the engine's certificate.
        String jdbcUrl = decode(secret.get("jdbcUrl")).replace("/etc/sqlmi/connection/truststore.jks", store.toString());
        assertThat(jdbcUrl).contains("trustServerCertificate=false").contains("hostNameInCertificate=*.");
        Wait.atMost(Wait.MOUNTED).untilAsserted(() -> assertThat(attempt(jdbcUrl, secret, "SELECT @@SERVERNAME")).isEqualTo("mi1"));
        String byRoutedName = "jdbc:sqlserver://" + redirected + ":1433;encrypt=true;trustServerCertificate=false;trustStore="
                + store + ";loginTimeout=15";
        assertThat(query(byRoutedName, secret, "SELECT @@SERVERNAME")).isEqualTo("mi1");
        assertThat(redirectedLogins(ns, "mi1")).as("the gateway redirected these logins").isGreaterThanOrEqualTo(2);

        // The engine itself, on its redirect port, in TDS 8.0 (strict: TLS first, the certificate always checked).
        int redirectPort = ((Number) at(managedInstance(ns, "mi1"), "status", "redirectPort")).intValue();
        String strict = "jdbc:sqlserver://" + routedHost + ":" + redirectPort + ";encrypt=strict;trustStore=" + store
                + ";loginTimeout=15";
        assertThat(query(strict, secret, "SELECT @@SERVERNAME")).as("the engine listens on its redirect port").isEqualTo("mi1");
        X509Certificate engine = certificate(decode(secretData(ns, "mi1-engine-tls").get("tls.crt")));
        engine.verify(ca.getPublicKey());
        assertThat(engine.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).contains(routedHost);

        // Validation is on: the JVM's own CAs do not know the operator's.
        String untrusted = "jdbc:sqlserver://" + proxied + ":1433;encrypt=true;trustServerCertificate=false;loginTimeout=15";
        SQLException refused = catchThrowableOfType(SQLException.class, () -> query(untrusted, proxiedSecret, "SELECT 1"));
        assertThat((Throwable) refused).as("a client that does not trust the CA").isNotNull();
        assertThat(refused.getMessage()).containsAnyOf("PKIX", "certificate");

        // At rest: no certificate Secret is written again, and the CA is the one the suite's operator keeps.
        List<String> before = versions(ns);
        Thread.sleep(10_000);
        assertThat(versions(ns)).as("resourceVersions of the certificate and connection Secrets").isEqualTo(before);
        Secret authority = client().secrets().inNamespace("sqlmi-system").withName("sqlmi-operator-ca").get();
        assertThat(decode(authority.getData().get("tls.crt"))).isEqualTo(decode(secret.get("ca.crt")));
        assertThat(authority.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void theConnectionSecretsJdbcUrlLogsInFromAnApplicationPodThatMountsTheSecretAsItIs() throws Exception {
        String ns = namespace.name();
        CustomResources.create(ns, CustomResources.virtualClusterYaml("vc1", "10.64.0.0/24"));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1", "ManagedInstance/mi1");
        String gateway = at(virtualCluster(ns, "vc1"), "status", "gateway", "address");
        String fqdn = at(managedInstance(ns, "mi1"), "status", "fullyQualifiedDomainName");

        // A JVM pod (the gateway's image: a JRE and nothing of ours on its path) with the Secret mounted where the
        // URL expects it; the instance's name resolves to the gateway through hostAliases (no DNS for it yet).
        startApplication(ns, gateway, List.of(fqdn), Map.of());

        Wait.atMost(Wait.MOUNTED).untilAsserted(() -> {
            ClusterPods.Exec run = runApplication(ns, "/etc/sqlmi/connection");
            assertThat(run.stdout()).as(run.toString()).contains("SERVERNAME=mi1");
        });
    }

    /**
     * A redirected session reaches the engine on the instance's redirect port, so the NSG rule on 11000-11999 is the
     * one that decides it: with 1433 allowed from the VNet and the rest denied, a pod of another namespace of the VNet
     * logs in to the proxied instance (gateway on 1433, then the subnet's own traffic) but not to the redirected one;
     * once a rule allows 11000-11999, it does. The pod uses the connection Secrets as a user copies them.
     */
    @Test
    void anNsgRuleOnTheRedirectPortRangeDecidesRedirectedSessionsWhileProxiedOnesNeedOnly1433() throws Exception {
        String ns = namespace.name();
        String vnet = "vnet-" + ns.substring(Math.max(0, ns.length() - 12));
        CustomResources.create(ns, """
                apiVersion: sqlmi.io/v1alpha1
                kind: VirtualCluster
                metadata: {name: vc1}
                spec:
                  virtualNetwork: %s
                  subnet: {addressPrefix: 10.65.0.0/24, delegation: Microsoft.Sql/managedInstances}
                  networkSecurityGroup:
                    securityRules:
                    - {name: allow_tds_inbound, priority: 300, direction: Inbound, access: Allow, protocol: Tcp,
                       sourceAddressPrefix: VirtualNetwork, destinationPortRange: "1433"}
                    - {name: deny_vnet_inbound, priority: 400, direction: Inbound, access: Deny, protocol: "*",
                       sourceAddressPrefix: VirtualNetwork, destinationPortRange: "*"}
                """.formatted(vnet));
        CustomResources.create(ns, CustomResources.instanceYaml("mi1", "vc1", "GeneralPurpose", 4, 32));
        CustomResources.create(ns, CustomResources.instanceYaml("mi2", "vc1", "GeneralPurpose", 4, 32)
                + "  proxyOverride: Proxy\n");
        Wait.untilState(Wait.SETTLED, "Ready", ns, "VirtualCluster/vc1", "ManagedInstance/mi1", "ManagedInstance/mi2");
        String gateway = at(virtualCluster(ns, "vc1"), "status", "gateway", "address");
        String apps = ns.substring(0, Math.min(45, ns.length())) + "-apps";
        client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(apps).addToLabels("sqlmi.io/virtual-network", vnet).endMetadata().build()).create();
        try {
            for (String mi : List.of("mi1", "mi2")) {
                Secret copy = new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName(mi + "-connection")
                        .endMetadata().withData(secretData(ns, mi + "-connection")).build();
                client().secrets().inNamespace(apps).resource(copy).create();
            }
            startApplication(apps, gateway, List.of(at(managedInstance(ns, "mi1"), "status", "fullyQualifiedDomainName"),
                    at(managedInstance(ns, "mi2"), "status", "fullyQualifiedDomainName")), Map.of("mi2-connection", "/etc/sqlmi/mi2"));

            Wait.atMost(Wait.MOUNTED).untilAsserted(() -> assertThat(runApplication(apps, "/etc/sqlmi/mi2").stdout())
                    .as("proxied: 1433 is allowed").contains("SERVERNAME=mi2"));
            ClusterPods.Exec blocked = runApplication(apps, "/etc/sqlmi/connection");
            assertThat(blocked.ok()).as("redirected while 11000-11999 is denied: %s", blocked).isFalse();
            assertThat(blocked.stdout()).as("the redirect host name, in the instance's zone")
                    .contains(at(managedInstance(ns, "mi1"), "status", "fullyQualifiedDomainName").toString()
                            .replaceFirst("^mi1\\.", "mi1.primary."));

            GenericKubernetesResource vc = virtualCluster(ns, "vc1");
            Map<String, Object> spec = vc.get("spec");
            @SuppressWarnings("unchecked")
            Map<String, Object> nsg = (Map<String, Object>) spec.get("networkSecurityGroup");
            @SuppressWarnings("unchecked")
            List<Object> rules = new java.util.ArrayList<>((List<Object>) nsg.get("securityRules"));
            rules.add(Map.of("name", "allow_redirect_inbound", "priority", 350, "direction", "Inbound", "access", "Allow",
                    "protocol", "Tcp", "sourceAddressPrefix", "VirtualNetwork", "destinationPortRange", "11000-11999"));
            nsg.put("securityRules", rules);
            CustomResources.kind(CustomResources.VIRTUAL_CLUSTER).inNamespace(ns).resource(vc).update();

            Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(runApplication(apps, "/etc/sqlmi/connection").stdout())
                    .as("redirected once 11000-11999 is allowed").contains("SERVERNAME=mi1"));
        } finally {
            client().namespaces().withName(apps).delete();
        }
    }

    /** The application pod of {@link #theConnectionSecretsJdbcUrlLogsInFromAnApplicationPodThatMountsTheSecretAsItIs}. */
    static void startApplication(String ns, String gateway, List<String> hosts, Map<String, String> moreSecrets) throws Exception {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("app").withLabels(Map.of("app", "jdbc")).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L)
                .withNodeSelector(Map.of("kubernetes.io/hostname", LocalCluster.nodeName()))
                .addNewHostAlias().withIp(gateway).withHostnames(hosts).endHostAlias()
                .addNewContainer().withName("main").withImage(OperatorProcess.GATEWAY_IMAGE).withImagePullPolicy("Never")
                .withCommand("sh", "-c", "mkdir -p /tmp/app && sleep infinity")
                .addNewVolumeMount().withName("connection").withMountPath("/etc/sqlmi/connection").withReadOnly(true)
                .endVolumeMount().endContainer()
                .addNewVolume().withName("connection").withNewSecret().withSecretName("mi1-connection").endSecret().endVolume()
                .endSpec();
        int i = 0;
        for (Map.Entry<String, String> secret : moreSecrets.entrySet()) {
            String volume = "more" + i++;
            pod.editSpec().editFirstContainer().addNewVolumeMount().withName(volume).withMountPath(secret.getValue())
                    .withReadOnly(true).endVolumeMount().endContainer()
                    .addNewVolume().withName(volume).withNewSecret().withSecretName(secret.getKey()).endSecret().endVolume()
                    .endSpec();
        }
        client().pods().inNamespace(ns).resource(pod.build()).create();
        ClusterPods.awaitReady(ns, "app");
        Path classes = TestCluster.repoRoot().resolve("e2e/target/test-classes");
        String classFile = JdbcApplication.class.getName().replace('.', '/') + ".class";
        upload(ns, classes.resolve(classFile), "/tmp/app/" + classFile);
        Path driver = Path.of(DriverManager.getDriver("jdbc:sqlserver://x").getClass().getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        upload(ns, driver, "/tmp/app/mssql-jdbc.jar");
    }

    static ClusterPods.Exec runApplication(String ns, String secretDirectory) {
        return ClusterPods.sh(ns, "app", "java -cp /tmp/app:/tmp/app/mssql-jdbc.jar " + JdbcApplication.class.getName()
                + " " + secretDirectory);
    }

    static void upload(String ns, Path file, String target) {
        ClusterPods.copy(ns, "app", file, target);
        ClusterPods.Exec size = ClusterPods.sh(ns, "app", "wc -c < '" + target + "'");
        assertThat(size.stdout().trim()).as("bytes of %s in the pod", file).isEqualTo(Long.toString(file.toFile().length()));
    }

    static double redirectedLogins(String ns, String instance) throws Exception {
        return io.sqlmi.e2e.support.GatewayMetrics.logins(ns, instance, "redirected");
    }

    static List<String> versions(String ns) {
        return List.of("vc1-gateway-tls", "mi1-engine-tls", "mi2-engine-tls", "mi1-connection", "mi2-connection").stream()
                .map(name -> name + "@" + client().secrets().inNamespace(ns).withName(name).get().getMetadata().getResourceVersion())
                .toList();
    }

    static Map<String, String> secretData(String ns, String name) {
        return client().secrets().inNamespace(ns).withName(name).get().getData();
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
