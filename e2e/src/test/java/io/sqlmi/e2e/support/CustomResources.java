package io.sqlmi.e2e.support;

import static io.sqlmi.e2e.support.TestCluster.client;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The sqlmi.io custom resources as a user writes them: YAML in, generic objects out. */
public final class CustomResources {

    public static final String API_VERSION = "sqlmi.io/v1alpha1";
    public static final String VIRTUAL_CLUSTER = "VirtualCluster";
    public static final String MANAGED_INSTANCE = "ManagedInstance";
    public static final String ENDPOINT = "Endpoint";

    private CustomResources() {
    }

    public static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> kind(String kind) {
        return client().genericKubernetesResources(API_VERSION, kind);
    }

    /** Edits a custom resource as kubectl edit does: read, change, write, and again on a conflict. */
    public static GenericKubernetesResource edit(String kind, String namespace, String name,
            UnaryOperator<GenericKubernetesResource> change) {
        return Conflicts.retried(() -> kind(kind).inNamespace(namespace).withName(name).edit(change));
    }

    public static GenericKubernetesResource virtualCluster(String namespace, String name) {
        return kind(VIRTUAL_CLUSTER).inNamespace(namespace).withName(name).get();
    }

    public static GenericKubernetesResource managedInstance(String namespace, String name) {
        return kind(MANAGED_INSTANCE).inNamespace(namespace).withName(name).get();
    }

    public static GenericKubernetesResource endpoint(String namespace, String name) {
        return kind(ENDPOINT).inNamespace(namespace).withName(name).get();
    }

    /** Creates the object described by a YAML document in the namespace (the document may omit the namespace). */
    public static GenericKubernetesResource create(String namespace, String yaml) {
        GenericKubernetesResource resource = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        resource.getMetadata().setNamespace(namespace);
        return client().resource(resource).inNamespace(namespace).create();
    }

    public static String virtualClusterYaml(String name, String prefix) {
        return """
                apiVersion: sqlmi.io/v1alpha1
                kind: VirtualCluster
                metadata: {name: %s}
                spec:
                  virtualNetwork: vnet-e2e
                  subnet: {addressPrefix: %s, delegation: Microsoft.Sql/managedInstances}
                """.formatted(name, prefix);
    }

    public static String instanceYaml(String name, String vc, String tier, int vCores, int storage) {
        return """
                apiVersion: sqlmi.io/v1alpha1
                kind: ManagedInstance
                metadata: {name: %s}
                spec:
                  virtualCluster: %s
                  tier: %s
                  vCores: %d
                  storageSizeInGB: %d
                  administratorLogin: sqladmin
                """.formatted(name, vc, tier, vCores, storage);
    }

    /** A private endpoint in another namespace (another VNet) for the instance {@code instance} of {@code instanceNamespace}. */
    public static String privateEndpointYaml(String name, String instance, String instanceNamespace) {
        return """
                apiVersion: sqlmi.io/v1alpha1
                kind: Endpoint
                metadata: {name: %s}
                spec:
                  type: Private
                  managedInstance: {name: %s, namespace: %s}
                """.formatted(name, instance, instanceNamespace);
    }

    /** A value at a path of nested maps, e.g. {@code at(mi, "status", "redirectPort")}. */
    @SuppressWarnings("unchecked")
    public static <T> T at(GenericKubernetesResource resource, String... path) {
        if (resource == null) {
            return null;
        }
        Object current = resource.getAdditionalProperties();
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return (T) current;
    }

    public static String state(GenericKubernetesResource resource) {
        return at(resource, "status", "state");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> condition(GenericKubernetesResource resource, String type) {
        List<Map<String, Object>> conditions = at(resource, "status", "conditions");
        return conditions == null ? null : conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
    }
}
