package io.sqlmi.operator.endpoint;

import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;

/** Where each type of Endpoint may live: what admission cannot check because it involves other objects. Pure. */
public final class EndpointPlacement {

    private EndpointPlacement() {
    }

    /** Why the endpoint cannot be served where it is, with what to do instead; null when it can. */
    public static String problem(Endpoint endpoint) {
        String namespace = endpoint.getMetadata().getNamespace();
        String miNamespace = EndpointTargets.instanceNamespace(endpoint);
        String miName = EndpointTargets.instanceName(endpoint);
        switch (endpoint.getSpec().getType()) {
            case VNetLocal -> {
                var labels = endpoint.getMetadata().getLabels();
                boolean operatorMade = labels != null && Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
                        && miName.equals(labels.get(Labels.MANAGED_INSTANCE)) && namespace.equals(miNamespace);
                if (!operatorMade) {
                    return "VNet-local endpoints are made by the operator, one per instance (" + miName + "-vnet-local in "
                            + miNamespace + "): delete this Endpoint and use that one, or create a Public or Private endpoint.";
                }
            }
            case Public -> {
                if (!namespace.equals(miNamespace)) {
                    return "a public endpoint lives in its instance's namespace (" + miNamespace
                            + "), where the gateway runs: create it there.";
                }
            }
            case Private -> {
                if (namespace.equals(miNamespace)) {
                    return "a private endpoint gives an address in another virtual network: create it in a namespace of that"
                            + " network (labelled sqlmi.io/virtual-network), not in the instance's subnet " + miNamespace + ".";
                }
            }
        }
        return null;
    }
}
