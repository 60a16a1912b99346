package io.sqlmi.operator.endpoint;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import java.util.List;
import java.util.Optional;

/** What an Endpoint's children are built from: its instance, the instance's virtual cluster, the gateway's pods. */
public record EndpointModel(Endpoint endpoint, ManagedInstance instance, VirtualCluster virtualCluster,
                            List<String> gatewayAddresses) {

    /**
     * What the children are built from while the endpoint's instance serves; empty otherwise (a private endpoint
     * then keeps its Service with nothing behind it). Pure.
     */
    public static Optional<EndpointModel> desired(EndpointFacts facts) {
        return facts.problem() == null && facts.instanceServes()
                ? Optional.of(new EndpointModel(facts.endpoint(), facts.instance(), facts.virtualCluster(),
                        facts.gatewayAddresses()))
                : Optional.empty();
    }

    /** The addresses of the ready endpoints of a Service's EndpointSlices, sorted, each once. */
    public static List<String> readyAddresses(List<EndpointSlice> slices) {
        return slices.stream()
                .flatMap(slice -> slice.getEndpoints() == null ? java.util.stream.Stream.empty() : slice.getEndpoints().stream())
                .filter(e -> e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady()))
                .flatMap(e -> e.getAddresses() == null ? java.util.stream.Stream.empty() : e.getAddresses().stream())
                .distinct().sorted().toList();
    }
}
