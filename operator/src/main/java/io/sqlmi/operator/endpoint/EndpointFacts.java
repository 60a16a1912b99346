package io.sqlmi.operator.endpoint;

import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.util.List;

/**
 * What a reconcile of an Endpoint reads from the informer caches.
 *
 * @param instance         the ManagedInstance it leads to, or null
 * @param virtualCluster   that instance's VirtualCluster, or null
 * @param gatewayAddresses the ready pod addresses behind the virtual cluster's gateway Service
 */
public record EndpointFacts(Endpoint endpoint, ManagedInstance instance, VirtualCluster virtualCluster,
                            List<String> gatewayAddresses) {

    /** Why the endpoint cannot be served where it is; null when it can. */
    public String problem() {
        return EndpointPlacement.problem(endpoint);
    }

    /** Whether the endpoint has children of its own: VNet-local ones use the gateway's Service. */
    public boolean hasChildren() {
        return problem() == null && endpoint.getSpec().getType() != EndpointType.VNetLocal;
    }

    /** The instance exists, has a host name and a virtual cluster, and has not failed. */
    public boolean instanceServes() {
        return instance != null && virtualCluster != null && EndpointStatusAggregator.instanceServes(instance);
    }
}
