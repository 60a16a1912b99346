package io.sqlmi.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd and kube-apiserver (fabric8 kube-api-test) with the committed CRDs applied. The binaries are the
 * project's own ({@code make binaries}); they are never downloaded. Configured in code: kube-api-test's
 * environment-variable parsing of booleans is broken.
 */
public final class LocalApiServer implements AutoCloseable {

    private final KubeAPIServer server;
    private final KubernetesClient client;

    private LocalApiServer(KubeAPIServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** Directory holding k8s/{version}-linux-amd64/{etcd,kube-apiserver,kubectl}. */
    static Path testDirectory() {
        String property = System.getProperty("kube.api.test.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("KUBE_API_TEST_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String cache = System.getenv("SQLMI_CACHE_DIR");
        return cache != null && !cache.isBlank() ? Path.of(cache, "kubeapitest")
                : Path.of(System.getProperty("user.home"), ".cache", "sqlmi", "kubeapitest");
    }

    /** KUBERNETES_VERSION of e2e/cluster/versions.env, the one place the project pins it. */
    static String kubernetesVersion() {
        Path versions = ProjectPaths.repositoryRoot().resolve("e2e/cluster/versions.env");
        if (Files.isRegularFile(versions)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(versions)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String version = properties.getProperty("KUBERNETES_VERSION");
            if (version != null) {
                return version.trim().replaceFirst("^v", "");
            }
        }
        return "1.35.4";
    }

    public static LocalApiServer startWithCrds() {
        Path dir = testDirectory();
        String version = kubernetesVersion();
        Path binaries = dir.resolve("k8s").resolve(version + "-linux-amd64");
        for (String binary : List.of("etcd", "kube-apiserver", "kubectl")) {
            if (!Files.isExecutable(binaries.resolve(binary))) {
                throw new IllegalStateException("missing " + binaries.resolve(binary)
                        + ": build the control-plane binaries with `make binaries`, or point KUBE_API_TEST_DIR at a directory"
                        + " holding k8s/" + version + "-linux-amd64/{etcd,kube-apiserver,kubectl}");
            }
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir.toString()).withApiServerVersion(version).withOfflineMode(true)
                .withUpdateKubeConfig(false).withStartupTimeout(120_000).build());
        server.start();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
        LocalApiServer local = new LocalApiServer(server, client);
        try {
            local.applyCommittedCrds();
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        return local;
    }

    private void applyCommittedCrds() {
        List<Path> files;
        try (Stream<Path> list = Files.list(ProjectPaths.committedCrds())) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream().anyMatch(
                                        cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                                60, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public void createNamespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    public <T extends HasMetadata> T create(T object) {
        return client.resource(object).create();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.stop();
        }
    }
}
