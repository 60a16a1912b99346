package io.sqlmi.e2e.helm;

import static io.sqlmi.e2e.support.TestCluster.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.sqlmi.e2e.support.TestCluster;
import io.sqlmi.e2e.support.TestNamespace;
import io.sqlmi.e2e.support.Wait;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart helm/sqlmi-operator: it lints, renders least-privilege RBAC (exactly the rules the operator
 * needs, no wildcards), refuses bad values through values.schema.json, ships crds/ unchanged, and installs into
 * the cluster an operator Deployment that becomes Available in a namespace enforcing the restricted Pod Security
 * Standard, with RBAC the packaged operator can really start with.
 */
class HelmChartIT {

    private static final String RELEASE = "sqlmi-operator";
    private static final String RELEASE_NAMESPACE = "sqlmi-system";
    private static final List<String> ALL = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    private static final List<String> READ = List.of("get", "list", "watch");

    /** One permission: a verb on a resource of an API group (optionally on one named object). */
    record Grant(String group, String resource, String verb, String name) {
        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + "/" + resource + (name == null ? "" : "[" + name + "]") + ":" + verb;
        }
    }

    /** What the operator needs in every namespace it watches (issue 3, item 8). */
    private static final Set<Grant> NAMESPACED = union(
            grants("sqlmi.io", List.of("virtualclusters", "managedinstances", "endpoints"), ALL),
            grants("sqlmi.io", List.of("virtualclusters/status", "managedinstances/status", "endpoints/status"),
                    List.of("get", "update", "patch")),
            grants("apps", List.of("statefulsets", "deployments"), ALL),
            grants("", List.of("services", "secrets", "configmaps"), ALL),
            grants("", List.of("services/status"), List.of("patch")),
            grants("", List.of("persistentvolumeclaims"), List.of("get", "list", "watch", "patch")),
            grants("", List.of("pods"), READ),
            grants("", List.of("events"), List.of("create", "patch")),
            grants("events.k8s.io", List.of("events"), List.of("create", "patch")),
            grants("networking.k8s.io", List.of("networkpolicies"), ALL),
            grants("discovery.k8s.io", List.of("endpointslices"), ALL));

    /** What the operator needs on cluster-scoped resources, whatever it watches. */
    private static final Set<Grant> CLUSTER = union(
            grants("", List.of("namespaces"), READ),
            grants("", List.of("nodes"), List.of("get", "list", "watch", "patch", "update")));

    @RegisterExtension
    final TestNamespace namespace = new TestNamespace("helm");

    @Test
    void lintPassesAlsoStrictWithEveryShapeOfValues() {
        List<List<String>> variants = List.of(
                List.of(),
                List.of("--set", "watchNamespaces={sqlmi-a,sqlmi-b}"),
                List.of("--set", "replicas=0", "--set-json", "rbac.additionalSubjects=" + localOperatorSubjects()),
                List.of("--set", "podDisruptionBudget.enabled=true", "--set", "replicas=2",
                        "--set", "serviceTags.Storage\\.primaryRegion.namespaceLabels.team=storage"));
        for (List<String> values : variants) {
            for (boolean strict : List.of(false, true)) {
                List<String> command = new ArrayList<>(List.of("lint", Helm.CHART.toString(), "--kube-version", Helm.kubeVersion()));
                if (strict) {
                    command.add("--strict");
                }
                command.addAll(values);
                Helm.Result lint = Helm.run(command);
                assertThat(lint.ok()).as("helm %s\n%s", String.join(" ", command), lint).isTrue();
                assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[ERROR]")
                        .doesNotContain("[WARNING]");
            }
        }
    }

    @Test
    void chartCrdsAreExactCopiesOfTheCommittedCrds() throws Exception {
        Path committed = TestCluster.repoRoot().resolve("crds");
        Path chart = Helm.CHART.resolve("crds");
        List<String> committedNames = Helm.ymlFiles(committed).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(committedNames).as("crds/").isNotEmpty();
        try (Stream<Path> files = Files.list(chart)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("helm/sqlmi-operator/crds/ holds exactly the files of crds/ (run helm/sync-crds.sh)")
                    .containsExactlyElementsOf(committedNames);
        }
        for (String name : committedNames) {
            assertThat(Files.readString(chart.resolve(name))).as("helm/sqlmi-operator/crds/%s equals crds/%s (run helm/sync-crds.sh)", name, name)
                    .isEqualTo(Files.readString(committed.resolve(name)));
        }
        Process check = new ProcessBuilder("bash", TestCluster.repoRoot().resolve("helm/sync-crds.sh").toString(), "--check")
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(output).isZero();
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheOperatorNeedsWithoutWildcards() {
        List<HasMetadata> objects = render();
        assertNoWildcards(objects);

        List<ClusterRole> clusterRoles = ofKind(objects, ClusterRole.class);
        assertThat(clusterRoles).extracting(r -> r.getMetadata().getName()).containsExactly(RELEASE);
        assertThat(grantsOf(clusterRoles.get(0).getRules())).as("rules of the ClusterRole")
                .containsExactlyInAnyOrderElementsOf(union(CLUSTER, NAMESPACED));

        ClusterRoleBinding binding = single(ofKind(objects, ClusterRoleBinding.class));
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(RELEASE);
        assertThat(binding.getSubjects()).extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                .containsExactly(tuple("ServiceAccount", RELEASE, RELEASE_NAMESPACE));

        // Leader election: a Role in the release namespace only, on the lease and nothing else.
        Role lease = single(ofKind(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals(RELEASE + "-leader-election")).toList());
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
        assertThat(grantsOf(lease.getRules())).containsExactlyInAnyOrder(
                new Grant("coordination.k8s.io", "leases", "create", null),
                new Grant("coordination.k8s.io", "leases", "get", "sqlmi-operator-lock"),
                new Grant("coordination.k8s.io", "leases", "update", "sqlmi-operator-lock"),
                new Grant("coordination.k8s.io", "leases", "patch", "sqlmi-operator-lock"));
        // The CA of the certificates: its one Secret read by name, created once, never changed.
        Role ca = single(ofKind(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals(RELEASE + "-certificate-authority")).toList());
        assertThat(ca.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE);
        assertThat(grantsOf(ca.getRules())).containsExactlyInAnyOrder(
                new Grant("", "secrets", "get", "sqlmi-operator-ca"), new Grant("", "secrets", "create", null));
        assertThat(ofKind(objects, Role.class)).hasSize(2);
        assertThat(ofKind(objects, RoleBinding.class)).extracting(b -> b.getRoleRef().getName())
                .containsExactlyInAnyOrder(lease.getMetadata().getName(), ca.getMetadata().getName());
        assertThat(ofKind(objects, RoleBinding.class)).allSatisfy(b ->
                assertThat(b.getMetadata().getNamespace()).isEqualTo(RELEASE_NAMESPACE));
    }

    @Test
    void watchNamespacesMoveTheNamespacedRulesIntoARolePerNamespace() {
        List<HasMetadata> objects = render("--set", "watchNamespaces={sqlmi-a,sqlmi-b}");
        assertNoWildcards(objects);

        ClusterRole clusterRole = single(ofKind(objects, ClusterRole.class));
        assertThat(grantsOf(clusterRole.getRules())).as("only cluster-scoped rules stay in the ClusterRole")
                .containsExactlyInAnyOrderElementsOf(CLUSTER);
        for (String watched : List.of("sqlmi-a", "sqlmi-b")) {
            Role role = single(ofKind(objects, Role.class).stream()
                    .filter(r -> watched.equals(r.getMetadata().getNamespace())).toList());
            assertThat(grantsOf(role.getRules())).as("Role in %s", watched).containsExactlyInAnyOrderElementsOf(NAMESPACED);
            RoleBinding binding = single(ofKind(objects, RoleBinding.class).stream()
                    .filter(b -> watched.equals(b.getMetadata().getNamespace())).toList());
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertThat(binding.getSubjects()).extracting(Subject::getName, Subject::getNamespace)
                    .containsExactly(tuple(RELEASE, RELEASE_NAMESPACE));
        }
        Role records = single(ofKind(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals(RELEASE + "-records")).toList());
        assertThat(records.getMetadata().getNamespace()).as("the DNS records' namespace").isEqualTo(RELEASE_NAMESPACE);
        assertThat(grantsOf(records.getRules())).as("the DNS records only").containsExactlyInAnyOrderElementsOf(union(
                grants("", List.of("services"), ALL), grants("discovery.k8s.io", List.of("endpointslices"), ALL)));
        assertThat(ofKind(objects, Role.class).stream().map(r -> r.getMetadata().getNamespace()))
                .as("the watched namespaces, and in the release namespace the lease, the DNS records and the CA Secret")
                .containsExactlyInAnyOrder("sqlmi-a", "sqlmi-b", RELEASE_NAMESPACE, RELEASE_NAMESPACE, RELEASE_NAMESPACE);
        assertThat(env(operatorContainer(single(ofKind(objects, Deployment.class))), "SQLMI_WATCH_NAMESPACES").getValue())
                .isEqualTo("sqlmi-a,sqlmi-b");
    }

    @Test
    void theDnsServerOnlyReadsAndServesTheRecordsAtTheFixedAddress() {
        List<HasMetadata> objects = renderDns("--set", "dns.clusterIP=10.96.0.53", "--set", "dns.recordsNamespace=sqlmi-dns");
        assertNoWildcards(objects);

        // Read only: CoreDNS's kubernetes plugin lists cluster-wide, and its label selector narrows it to the records.
        assertThat(ofKind(objects, Role.class)).isEmpty();
        assertThat(grantsOf(single(ofKind(objects, ClusterRole.class)).getRules())).containsExactlyInAnyOrderElementsOf(union(
                grants("", List.of("services", "namespaces"), List.of("list", "watch")),
                grants("discovery.k8s.io", List.of("endpointslices"), List.of("list", "watch"))));
        io.fabric8.kubernetes.api.model.Service service = single(ofKind(objects, io.fabric8.kubernetes.api.model.Service.class));
        assertThat(service.getSpec().getClusterIP()).isEqualTo("10.96.0.53");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort() + "/" + p.getProtocol())
                .containsExactly("53/UDP", "53/TCP");
        String corefile = single(ofKind(objects, ConfigMap.class)).getData().get("Corefile");
        assertThat(corefile).contains("database.windows.net:5353")
                .contains("{1}.v-{2}.sqlmi-dns.svc.records.sqlmi.internal.")
                .contains("{1}.p-{2}.sqlmi-dns.svc.records.sqlmi.internal.")
                .contains("{1}.l-{2}.sqlmi-dns.svc.records.sqlmi.internal.")
                .contains("namespaces sqlmi-dns").contains("labels app.kubernetes.io/component=dns-record")
                .contains("forward . /etc/resolv.conf");
        assertThat(renderDns("--set", "dns.enabled=false")).isEmpty();
    }

    @Test
    void additionalSubjectsAreBoundToEveryRole() {
        List<HasMetadata> objects = render("--set", "watchNamespaces={sqlmi-a}",
                "--set-json", "rbac.additionalSubjects=" + localOperatorSubjects());
        List<List<Subject>> bindings = new ArrayList<>();
        ofKind(objects, ClusterRoleBinding.class).forEach(b -> bindings.add(b.getSubjects()));
        ofKind(objects, RoleBinding.class).forEach(b -> bindings.add(b.getSubjects()));
        assertThat(bindings).as("ClusterRole, sqlmi-a, lease, DNS records, CA Secret").hasSize(5).allSatisfy(subjects -> assertThat(subjects)
                .extracting(Subject::getKind, Subject::getName)
                .containsExactly(tuple("ServiceAccount", RELEASE),
                        tuple("User", "sqlmi-operator"),
                        tuple("Group", "sqlmi:operators")));
    }

    @Test
    void deploymentRunsRestrictedWithProbesEnvAndTheRenderedConfig() throws IOException {
        List<HasMetadata> objects = render();
        Deployment deployment = single(ofKind(objects, Deployment.class));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container operator = operatorContainer(deployment);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(operator.getImage()).isEqualTo("ghcr.io/sqlmi/sqlmi-operator:" + appVersion());
        assertThat(pod.getServiceAccountName()).isEqualTo(RELEASE);
        assertThat(operator.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        Stream.of(operator.getLivenessProbe(), operator.getReadinessProbe(), operator.getStartupProbe())
                .forEach(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http"));

        // Pod Security Standard "restricted".
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getSecurityContext().getPrivileged()).isNull();
        assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");

        EnvVar leaseNamespace = env(operator, "SQLMI_OPERATOR_NAMESPACE");
        assertThat(leaseNamespace.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        assertThat(env(operator, "SQLMI_WATCH_NAMESPACES").getValue()).as("empty means all namespaces").isEmpty();
        // The memory settings docs/performance.md measured: a heap and a native heap that give memory back, two malloc arenas.
        assertThat(env(operator, "JDK_JAVA_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=75.0", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=20", "-XX:TrimNativeHeapInterval=5000");
        assertThat(env(operator, "MALLOC_ARENA_MAX").getValue()).isEqualTo("2");

        ConfigMap config = single(ofKind(objects, ConfigMap.class));
        assertThat(mount(operator, "/deployments/config").getReadOnly()).isTrue();
        Volume configVolume = volume(pod, mount(operator, "/deployments/config").getName());
        assertThat(configVolume.getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
        assertThat(configVolume.getConfigMap().getItems()).singleElement()
                .satisfies(item -> assertThat(item.getPath()).isEqualTo("application.properties"));
        assertThat(volume(pod, mount(operator, "/tmp").getName()).getEmptyDir()).isNotNull();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config")).matches("[0-9a-f]{64}");

        Service metrics = single(ofKind(objects, Service.class));
        assertThat(metrics.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(metrics.getSpec().getSelector());
        assertThat(ofKind(objects, ServiceAccount.class)).singleElement()
                .satisfies(sa -> assertThat(sa.getMetadata().getName()).isEqualTo(RELEASE));
    }

    @Test
    void configMapCarriesTheOperatorSettingsAndChangesRollTheDeployment(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                dnsSuffix: sqlmi.example.test
                clusterDomain: k8s.example
                logLevel: DEBUG
                engine:
                  image: ghcr.io/sqlmi/sqlmi-engine:0.1.0
                  imagePullPolicy: Always
                  resources: {requests: {cpu: 50m, memory: 64Mi}}
                  storageClass: fast-ssd
                gateway:
                  image: registry.example:5000/sqlmi/gateway:1.2.3
                  imagePullPolicy: Never
                  resources: {requests: {cpu: 20m, memory: 32Mi}}
                  redirectOn1433: true
                publicEndpoint: {addressPool: 203.0.113.0/24}
                dns: {enabled: true, clusterIP: "", recordsNamespace: sqlmi-dns, upstream: /etc/resolv.conf, image: coredns/coredns:1.12.0, imagePullPolicy: IfNotPresent, replicas: 2}
                storage: {whenDeleted: Delete}
                certificates: {issuer: External, caSecretName: corp-ca, generateCa: false, validity: P30D}
                serviceTags:
                  Storage.primaryRegion:
                    cidrs: []
                    except: []
                    namespaceLabels: {kubernetes.io/metadata.name: storage-emulator}
                  AzureCloud:
                    cidrs: [10.1.0.0/16, 10.2.0.0/16]
                extraProperties:
                  quarkus.operator-sdk.concurrent-reconciliation-threads: 4
                """);
        List<HasMetadata> objects = render("-f", values.toString());
        Properties properties = new Properties();
        properties.load(new StringReader(single(ofKind(objects, ConfigMap.class)).getData().get("application.properties")));

        assertThat(properties).containsAllEntriesOf(Map.ofEntries(
                Map.entry("sqlmi.dns-suffix", "sqlmi.example.test"),
                Map.entry("sqlmi.cluster-domain", "k8s.example"),
                Map.entry("sqlmi.engine.image", "ghcr.io/sqlmi/sqlmi-engine:0.1.0"),
                Map.entry("sqlmi.engine.image-pull-policy", "Always"),
                Map.entry("sqlmi.engine.cpu-request", "50m"),
                Map.entry("sqlmi.engine.memory-request", "64Mi"),
                Map.entry("sqlmi.engine.storage-class", "fast-ssd"),
                Map.entry("sqlmi.gateway.image", "registry.example:5000/sqlmi/gateway:1.2.3"),
                Map.entry("sqlmi.gateway.image-pull-policy", "Never"),
                Map.entry("sqlmi.gateway.cpu-request", "20m"),
                Map.entry("sqlmi.gateway.memory-request", "32Mi"),
                Map.entry("sqlmi.gateway.redirect-on-1433", "true"),
                Map.entry("sqlmi.public-endpoint.address-pool", "203.0.113.0/24"),
                Map.entry("sqlmi.dns.records", "true"),
                Map.entry("sqlmi.dns.records-namespace", "sqlmi-dns"),
                Map.entry("sqlmi.storage.when-deleted", "Delete"),
                Map.entry("sqlmi.certificates.issuer", "External"),
                Map.entry("sqlmi.certificates.ca-secret", "corp-ca"),
                Map.entry("sqlmi.certificates.generate-ca", "false"),
                Map.entry("sqlmi.certificates.validity", "P30D"),
                Map.entry("sqlmi.leader-election.lease-name", "sqlmi-operator-lock"),
                Map.entry("quarkus.log.category.\"io.sqlmi\".level", "DEBUG"),
                // A tag with a dot is quoted; an empty list clears the operator's default for that field.
                Map.entry("sqlmi.service-tags.\"Storage.primaryRegion\".cidrs", ""),
                Map.entry("sqlmi.service-tags.\"Storage.primaryRegion\".except", ""),
                Map.entry("sqlmi.service-tags.\"Storage.primaryRegion\".namespace-labels.\"kubernetes.io/metadata.name\"",
                        "storage-emulator"),
                Map.entry("sqlmi.service-tags.AzureCloud.cidrs", "10.1.0.0/16,10.2.0.0/16"),
                Map.entry("quarkus.operator-sdk.concurrent-reconciliation-threads", "4")));
        assertThat(properties).as("a field the values leave out keeps the operator's default")
                .doesNotContainKey("sqlmi.service-tags.AzureCloud.except");

        String checksum = configChecksum(objects);
        assertThat(configChecksum(render("-f", values.toString()))).as("same values, same checksum").isEqualTo(checksum);
        assertThat(configChecksum(render("-f", values.toString(), "--set", "dnsSuffix=other.example")))
                .as("changed settings roll the Deployment").isNotEqualTo(checksum);

        Properties defaults = new Properties();
        defaults.load(new StringReader(single(ofKind(render(), ConfigMap.class)).getData().get("application.properties")));
        assertThat(defaults.stringPropertyNames()).as("without serviceTags the operator's built-in tags apply")
                .noneMatch(key -> key.startsWith("sqlmi.service-tags."))
                .doesNotContain("sqlmi.engine.storage-class");
    }

    @Test
    void schemaRefusesBadValuesNamingTheValueAndTheRule() {
        Map<List<String>, List<String>> cases = Map.of(
                List.of("--set", "publicEndpoint.addressPool=198.18.0.0"),
                List.of("/publicEndpoint/addressPool", "pattern"),
                List.of("--set", "storage.whenDeleted=Sometimes"), List.of("/storage/whenDeleted", "'Retain', 'Delete'"),
                List.of("--set", "enigne.image=x"), List.of("additional properties 'enigne' not allowed"),
                List.of("--set", "engine.resources.requests.memory=lots"), List.of("/engine/resources/requests/memory", "pattern"),
                List.of("--set", "serviceTags.AzureCloud.cidrs={10.0.0.0/40}"), List.of("/serviceTags/AzureCloud/cidrs/0", "pattern"),
                List.of("--set", "serviceTags.AzureCloud.ranges={10.0.0.0/8}"), List.of("additional properties 'ranges' not allowed"),
                List.of("--set", "watchNamespaces={Not_A_Namespace}"), List.of("/watchNamespaces/0", "pattern"),
                List.of("--set", "replicas=-1"), List.of("/replicas"),
                List.of("--set", "certificates.issuer=cert-manager"), List.of("/certificates/issuer", "'Operator', 'External'"),
                List.of("--set-json", "rbac.additionalSubjects=[{\"kind\":\"ServiceAccount\",\"name\":\"x\"}]"),
                List.of("/rbac/additionalSubjects/0", "missing property 'namespace'"));
        cases.forEach((args, messages) -> {
            Helm.Result result = Helm.template(RELEASE, RELEASE_NAMESPACE, args.toArray(String[]::new));
            assertThat(result.ok()).as("%s must be refused:\n%s", args, result).isFalse();
            assertThat(result.stderr()).as("%s", args).contains("values don't meet the specifications of the schema");
            messages.forEach(message -> assertThat(result.stderr()).as("%s", args).contains(message));
        });
    }

    @Test
    void installCreatesAnAvailableOperatorUnderRestrictedPodSecurityWithItsRbac() {
        String ns = namespace.name();
        enforceRestrictedPodSecurity(ns);
        String release = uniqueRelease();
        try {
            Helm.Result install = Helm.run("install", release, Helm.CHART.toString(), "--namespace", ns,
                    // The chart's DNS server too, restricted as well; at a cluster IP of its own (the suite's holds 10.96.0.53).
                    "-f", Helm.LOCAL_VALUES.toString(), "--set", "dns.clusterIP=", "--wait", "--timeout", "120s");
            assertThat(install.ok()).as("helm install\n%s\nevents: %s", install, events(ns)).isTrue();

            Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(
                    client().apps().deployments().inNamespace(ns).withName(release).get().getStatus().getConditions())
                    .anySatisfy(c -> {
                        assertThat(c.getType()).isEqualTo("Available");
                        assertThat(c.getStatus()).isEqualTo("True");
                    }));
            Wait.atMost(Wait.READY).untilAsserted(() -> assertThat(client().apps().deployments().inNamespace(ns)
                    .withName(release + "-dns").get().getStatus().getAvailableReplicas()).as("the DNS server").isEqualTo(1));
            assertThat(client().rbac().clusterRoles().withName(release).get()).isNotNull();
            assertThat(client().rbac().clusterRoleBindings().withName(release).get().getSubjects())
                    .anySatisfy(s -> assertThat(s.getName()).isEqualTo(release));
            assertThat(client().rbac().roles().inNamespace(ns).withName(release + "-leader-election").get()).isNotNull();
            assertThat(client().configMaps().inNamespace(ns).withName(release + "-config").get()).isNotNull();

            // What the API server's authorizer says about the operator's ServiceAccount.
            String other = "default";
            assertThat(can(ns, release, "list", "sqlmi.io", "managedinstances", other)).isTrue();
            assertThat(can(ns, release, "patch", "sqlmi.io", "virtualclusters/status", other)).isTrue();
            assertThat(can(ns, release, "patch", "", "services/status", other)).as("its own load balancers").isTrue();
            assertThat(can(ns, release, "create", "networking.k8s.io", "networkpolicies", other)).isTrue();
            assertThat(can(ns, release, "patch", "", "nodes", null)).isTrue();
            assertThat(can(ns, release, "update", "coordination.k8s.io", "leases/sqlmi-operator-lock", ns)).isTrue();
            assertThat(can(ns, release, "update", "coordination.k8s.io", "leases/someone-elses-lock", ns))
                    .as("only the operator's own lease").isFalse();
            assertThat(can(ns, release, "delete", "", "nodes", null)).isFalse();
            assertThat(can(ns, release, "delete", "", "persistentvolumeclaims", other)).isFalse();
            assertThat(can(ns, release, "create", "", "pods", other)).isFalse();
            assertThat(can(ns, release, "list", "rbac.authorization.k8s.io", "clusterroles", null)).isFalse();
            assertThat(can(ns, release, "create", "apiextensions.k8s.io", "customresourcedefinitions", null)).isFalse();
            assertThat(can(ns, release, "create", "coordination.k8s.io", "leases", other)).as("leases elsewhere").isFalse();
        } finally {
            uninstall(release, ns);
        }
        assertThat(client().rbac().clusterRoles().withName(release).get()).as("uninstall removes the ClusterRole").isNull();
        assertThat(client().rbac().clusterRoleBindings().withName(release).get()).isNull();
        assertThat(client().apiextensions().v1().customResourceDefinitions().withName("managedinstances.sqlmi.io").get())
                .as("helm never deletes what crds/ installed").isNotNull();
    }

    @Test
    void installWithWatchNamespacesCreatesRolesThereAndNoNamespacedClusterRules() {
        String ns = namespace.name();
        String release = uniqueRelease();
        List<String> watched = List.of(ns + "-w1", ns + "-w2");
        watched.forEach(w -> client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(w)
                .addToLabels("sqlmi.io/e2e", "true").endMetadata().build()).create());
        try {
            Helm.Result install = Helm.run("install", release, Helm.CHART.toString(), "--namespace", ns,
                    "-f", Helm.LOCAL_VALUES.toString(), "--set", "dns.enabled=false",
                    "--set", "watchNamespaces={" + String.join(",", watched) + "}", "--wait", "--timeout", "120s");
            assertThat(install.ok()).as("helm install\n%s", install).isTrue();

            ClusterRole clusterRole = client().rbac().clusterRoles().withName(release).get();
            assertThat(grantsOf(clusterRole.getRules())).containsExactlyInAnyOrderElementsOf(CLUSTER);
            for (String w : watched) {
                Role role = client().rbac().roles().inNamespace(w).withName(release).get();
                assertThat(role).as("Role in %s", w).isNotNull();
                assertThat(grantsOf(role.getRules())).containsExactlyInAnyOrderElementsOf(NAMESPACED);
                assertThat(client().rbac().roleBindings().inNamespace(w).withName(release).get()).isNotNull();
                assertThat(can(ns, release, "create", "apps", "statefulsets", w)).isTrue();
            }
            assertThat(can(ns, release, "list", "sqlmi.io", "managedinstances", ns)).as("not watched: not granted").isFalse();
            assertThat(can(ns, release, "list", "", "secrets", "default")).isFalse();
            assertThat(can(ns, release, "list", "", "namespaces", null)).isTrue();
            assertThat(client().apps().deployments().inNamespace(ns).withName(release).get().getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getEnv()).contains(new EnvVar("SQLMI_WATCH_NAMESPACES", String.join(",", watched), null));
        } finally {
            uninstall(release, ns);
            watched.forEach(w -> client().namespaces().withName(w).delete());
        }
        for (String w : watched) {
            assertThat(client().rbac().roles().inNamespace(w).withName(release).get()).isNull();
        }
    }

    /**
     * The packaged operator, run as the chart's ServiceAccount with the chart's RBAC and the chart's rendered
     * settings, starts: leader election passes its permission check and takes the lease, every informer syncs
     * (readiness is UP). Namespaced mode, so it reconciles nothing outside this test's namespace.
     */
    @Test
    void thePackagedOperatorStartsWithTheChartsRbacAndSettings(@TempDir Path dir) throws Exception {
        Path jar = TestCluster.repoRoot().resolve("operator/target/quarkus-app/quarkus-run.jar");
        assumeTrue(Files.exists(jar), jar + " is not built");
        String ns = namespace.name();
        String release = uniqueRelease();
        String lease = release + "-lock";
        Process operator = null;
        Path log = TestCluster.repoRoot().resolve("e2e/target/helm-it/" + release + ".log");
        try {
            // With the chart's DNS server (the local image, at a cluster IP of its own): the operator's records go to
            // the release namespace, here a watched one.
            Helm.Result install = Helm.run("install", release, Helm.CHART.toString(), "--namespace", ns,
                    "-f", Helm.LOCAL_VALUES.toString(), "--set", "dns.clusterIP=",
                    "--set", "replicas=0", "--set", "watchNamespaces={" + ns + "}", "--set", "leaderElection.leaseName=" + lease,
                    "--wait", "--timeout", "120s");
            assertThat(install.ok()).as("helm install\n%s", install).isTrue();

            Files.createDirectories(dir.resolve("config"));
            Files.writeString(dir.resolve("config/application.properties"),
                    client().configMaps().inNamespace(ns).withName(release + "-config").get().getData().get("application.properties"));
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, serviceAccountKubeconfig(ns, release));
            int port = freePort();
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.startsWith("SQLMI_"));
            builder.environment().putAll(Map.of("KUBECONFIG", kubeconfig.toString(), "SQLMI_OPERATOR_HTTP_PORT", Integer.toString(port),
                    "SQLMI_OPERATOR_NAMESPACE", ns, "SQLMI_WATCH_NAMESPACES", ns));
            operator = builder.start();
            Process running = operator;

            Wait.atMost(Wait.SETTLED).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(running.isAlive()).as("the operator exited; see %s:\n%s", log, tail(log)).isTrue();
                assertThat(httpStatus(port, "/q/health/ready")).isEqualTo(200);
            });
            Wait.atMost(Wait.READY).untilAsserted(() -> {
                Lease held = client().leases().inNamespace(ns).withName(lease).get();
                assertThat(held).as("lease %s/%s", ns, lease).isNotNull();
                assertThat(held.getSpec().getHolderIdentity()).isNotBlank();
            });
            assertThat(httpStatus(port, "/q/health/live")).isEqualTo(200);
            assertThat(Files.readString(log)).doesNotContain("Forbidden").doesNotContain("No permission to lease");
        } finally {
            if (operator != null) {
                // SIGKILL: with leader election, JOSDK 5.1's stop deadlocks (System.exit inside the shutdown hook).
                operator.destroyForcibly().waitFor();
            }
            uninstall(release, ns);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The operator's objects as the chart renders them; the DNS server's are {@link #renderDns}'s. */
    private static List<HasMetadata> render(String... args) {
        return renderAll(args).stream().filter(o -> !isDns(o)).toList();
    }

    private static List<HasMetadata> renderDns(String... args) {
        return renderAll(args).stream().filter(HelmChartIT::isDns).toList();
    }

    private static boolean isDns(HasMetadata object) {
        return object.getMetadata().getLabels() != null
                && "sqlmi-dns".equals(object.getMetadata().getLabels().get("app.kubernetes.io/name"));
    }

    private static List<HasMetadata> renderAll(String... args) {
        Helm.Result result = Helm.template(RELEASE, RELEASE_NAMESPACE, args);
        assertThat(result.ok()).as("helm template %s\n%s", String.join(" ", args), result).isTrue();
        return result.objects();
    }

    private static String configChecksum(List<HasMetadata> objects) {
        return single(ofKind(objects, Deployment.class)).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
    }

    private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Set<Grant> grants(String group, List<String> resources, List<String> verbs) {
        Set<Grant> grants = new HashSet<>();
        resources.forEach(r -> verbs.forEach(v -> grants.add(new Grant(group, r, v, null))));
        return grants;
    }

    @SafeVarargs
    private static Set<Grant> union(Set<Grant>... sets) {
        Set<Grant> all = new HashSet<>();
        for (Set<Grant> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    /** The rules expanded into single grants; a rule listed twice shows up as a duplicate. */
    private static List<Grant> grantsOf(List<PolicyRule> rules) {
        List<Grant> grants = new ArrayList<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getNonResourceURLs()).as("no non-resource URLs").isNullOrEmpty();
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? java.util.Collections.singletonList(null) : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        names.forEach(name -> grants.add(new Grant(group, resource, verb, name)));
                    }
                }
            }
        }
        return grants;
    }

    private static void assertNoWildcards(List<HasMetadata> objects) {
        List<PolicyRule> rules = new ArrayList<>();
        ofKind(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
        ofKind(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).isNotEmpty().noneMatch(r -> r.contains("*"));
            assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
            if (rule.getResourceNames() != null) {
                assertThat(rule.getResourceNames()).doesNotContain("*");
            }
        });
    }

    private static Container operatorContainer(Deployment deployment) {
        return single(deployment.getSpec().getTemplate().getSpec().getContainers());
    }

    private static EnvVar env(Container container, String name) {
        return single(container.getEnv().stream().filter(e -> name.equals(e.getName())).toList());
    }

    private static VolumeMount mount(Container container, String path) {
        return single(container.getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath())).toList());
    }

    private static Volume volume(PodSpec pod, String name) {
        return single(pod.getVolumes().stream().filter(v -> name.equals(v.getName())).toList());
    }

    private static String appVersion() throws IOException {
        Matcher m = Pattern.compile("(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?").matcher(Files.readString(Helm.CHART.resolve("Chart.yaml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The subjects a locally run operator needs (e2e/cluster/pki.sh: user sqlmi-operator, group sqlmi:operators). */
    private static String localOperatorSubjects() {
        return "[{\"kind\":\"User\",\"name\":\"sqlmi-operator\",\"apiGroup\":\"rbac.authorization.k8s.io\"},"
                + "{\"kind\":\"Group\",\"name\":\"sqlmi:operators\",\"apiGroup\":\"rbac.authorization.k8s.io\"}]";
    }

    /** A release name no other test uses: it names the cluster-scoped objects too (it contains the chart name). */
    private static String uniqueRelease() {
        return "sqlmi-operator-it-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    private static void uninstall(String release, String ns) {
        Helm.Result result = Helm.run("uninstall", release, "--namespace", ns, "--wait", "--timeout", "120s");
        assertThat(result.ok() || result.stderr().contains("not found")).as("helm uninstall\n%s", result).isTrue();
    }

    private static void enforceRestrictedPodSecurity(String ns) {
        client().namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest").endMetadata().build());
    }

    private static String events(String ns) {
        return client().v1().events().inNamespace(ns).list().getItems().stream()
                .map(e -> e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + ": " + e.getMessage())
                .toList().toString();
    }

    /**
     * SubjectAccessReview for the chart's ServiceAccount {@code release} in {@code ns}. {@code resource} is
     * {@code resource}, {@code resource/subresource} (for the sqlmi.io status subresources) or
     * {@code leases/<name>} (a named object).
     */
    private static boolean can(String ns, String release, String verb, String group, String resource, String inNamespace) {
        String[] parts = resource.split("/", 2);
        boolean named = "leases".equals(parts[0]) && parts.length > 1;
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
                .withUser("system:serviceaccount:" + ns + ":" + release)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(parts[0])
                .withSubresource(parts.length > 1 && !named ? parts[1] : null).withName(named ? parts[1] : null)
                .withNamespace(inNamespace).endResourceAttributes()
                .endSpec().build();
        return client().resource(review).create().getStatus().getAllowed();
    }

    /** A kubeconfig for the API server the suite uses, authenticating with a token of the ServiceAccount. */
    private static String serviceAccountKubeconfig(String ns, String serviceAccount) throws IOException {
        String token = client().serviceAccounts().inNamespace(ns).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        var config = client().getConfiguration();
        String ca = config.getCaCertData() != null ? config.getCaCertData()
                : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: cluster
                  cluster: {server: %s, certificate-authority-data: %s}
                users:
                - name: operator
                  user: {token: %s}
                contexts:
                - name: operator
                  context: {cluster: cluster, user: operator, namespace: %s}
                current-context: operator
                """.formatted(config.getMasterUrl(), ca, token, ns);
    }

    private static int httpStatus(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage().toLowerCase(Locale.ROOT) + ")";
        }
    }
}
