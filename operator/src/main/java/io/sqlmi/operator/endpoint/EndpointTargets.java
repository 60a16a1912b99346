package io.sqlmi.operator.endpoint;

import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import java.util.Objects;

/** Which instance an Endpoint leads to: spec.managedInstance, whose namespace defaults to the Endpoint's own. */
public final class EndpointTargets {

    private EndpointTargets() {
    }

    public static String instanceNamespace(Endpoint endpoint) {
        String namespace = endpoint.getSpec() == null || endpoint.getSpec().getManagedInstance() == null
                ? null : endpoint.getSpec().getManagedInstance().getNamespace();
        return namespace == null || namespace.isBlank() ? endpoint.getMetadata().getNamespace() : namespace;
    }

    public static String instanceName(Endpoint endpoint) {
        return endpoint.getSpec() == null || endpoint.getSpec().getManagedInstance() == null
                ? null : endpoint.getSpec().getManagedInstance().getName();
    }

    public static boolean targets(Endpoint endpoint, ManagedInstance instance) {
        return Objects.equals(instanceName(endpoint), instance.getMetadata().getName())
                && Objects.equals(instanceNamespace(endpoint), instance.getMetadata().getNamespace());
    }
}
