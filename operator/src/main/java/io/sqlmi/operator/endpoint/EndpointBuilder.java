package io.sqlmi.operator.endpoint;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.Endpoint;
import io.sqlmi.operator.crds.v1alpha1.EndpointType;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstanceReference;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.GatewayNames;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.network.LoadBalancerAddresses;
import java.util.List;
import java.util.Map;

/** The objects behind Endpoints: the VNet-local Endpoint itself, and the Services of public and private endpoints. */
public final class EndpointBuilder {

    public static final String VNET_LOCAL_COMPONENT = "vnet-local-endpoint";
    public static final String PUBLIC_COMPONENT = "public-endpoint";
    public static final String PRIVATE_COMPONENT = "private-endpoint";
    /** The EndpointSlice controller must leave our slices alone; this value tells it so. */
    static final String SLICE_MANAGER = "sqlmi-operator.sqlmi.io";

    private EndpointBuilder() {
    }

    public static Endpoint vnetLocal(ManagedInstance mi) {
        Endpoint endpoint = new Endpoint();
        endpoint.getMetadata().setName(InstanceNames.vnetLocalEndpoint(mi));
        endpoint.getMetadata().setNamespace(mi.getMetadata().getNamespace());
        endpoint.getMetadata().setLabels(Labels.forChild(mi, VNET_LOCAL_COMPONENT));
        var spec = new io.sqlmi.operator.crds.v1alpha1.EndpointSpec();
        spec.setType(EndpointType.VNetLocal);
        ManagedInstanceReference target = new ManagedInstanceReference();
        target.setName(mi.getMetadata().getName());
        spec.setManagedInstance(target);
        endpoint.setSpec(spec);
        return endpoint;
    }

    /**
     * Public endpoint: a Service on 3342 in front of the gateway's public listener (Azure's public IP), a
     * LoadBalancer of the operator's class {@value LoadBalancerAddresses#PUBLIC_CLASS}, whose address the operator
     * takes from its public pool.
     */
    public static Service publicService(Endpoint endpoint, VirtualCluster vc) {
        return new ServiceBuilder()
                .withNewMetadata().withName(serviceName(endpoint)).withNamespace(endpoint.getMetadata().getNamespace())
                .withLabels(Labels.forChild(endpoint, PUBLIC_COMPONENT)).endMetadata()
                .withNewSpec().withType("LoadBalancer").withLoadBalancerClass(LoadBalancerAddresses.PUBLIC_CLASS)
                .withAllocateLoadBalancerNodePorts(false)
                .withSelector(Labels.selector(vc, GatewayNames.COMPONENT))
                .addNewPort().withName("tds-public").withPort(Ports.PUBLIC_ENDPOINT)
                .withTargetPort(new IntOrString("public")).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    /**
     * Private endpoint: a Service on 1433 (to the gateway's private listener) with a fixed address in the endpoint's
     * own namespace (another virtual network): its cluster IP, which Kubernetes keeps for as long as the Service
     * exists, as Azure keeps a private endpoint's static IP. A Service cannot select pods of another namespace, so it
     * has no selector and the operator keeps its
     * EndpointSlice pointing at the gateway's pods.
     */
    public static Service privateService(Endpoint endpoint) {
        return new ServiceBuilder()
                .withNewMetadata().withName(serviceName(endpoint)).withNamespace(endpoint.getMetadata().getNamespace())
                .withLabels(Labels.forChild(endpoint, PRIVATE_COMPONENT)).endMetadata()
                .withNewSpec().withType("ClusterIP")
                .addNewPort().withName("tds").withPort(Ports.TDS).withTargetPort(new IntOrString(Ports.PRIVATE_LISTENER))
                .withProtocol("TCP").endPort()
                .endSpec().build();
    }

    /** The EndpointSlice of a private endpoint's Service: the addresses of the gateway's ready pods. */
    public static EndpointSlice privateSlice(Endpoint endpoint, List<String> gatewayAddresses) {
        Map<String, String> labels = Labels.forChild(endpoint, PRIVATE_COMPONENT);
        labels.put("kubernetes.io/service-name", serviceName(endpoint));
        labels.put("endpointslice.kubernetes.io/managed-by", SLICE_MANAGER);
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata().withName(serviceName(endpoint) + "-gateway").withNamespace(endpoint.getMetadata().getNamespace())
                .withLabels(labels).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("tds").withPort(Ports.PRIVATE_LISTENER).withProtocol("TCP").endPort();
        gatewayAddresses.stream().sorted().forEach(address -> slice.addNewEndpoint().withAddresses(address)
                .withNewConditions().withReady(true).endConditions().endEndpoint());
        return slice.build();
    }

    public static String serviceName(Endpoint endpoint) {
        return endpoint.getMetadata().getName();
    }
}
