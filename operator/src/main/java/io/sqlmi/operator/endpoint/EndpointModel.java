package io.sqlmi.operator.endpoint;

import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.util.List;

/** What an Endpoint's children are built from: its instance, the instance's virtual cluster, the gateway's pods. */
public record EndpointModel(Endpoint endpoint, ManagedInstance instance, VirtualCluster virtualCluster,
                            List<String> gatewayAddresses, String publicServiceType) {
}
