package io.sqlmi.operator.gateway;

import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;

public final class GatewayNames {

    public static final String COMPONENT = "gateway";
    public static final String ROUTES_COMPONENT = "gateway-routes";

    private GatewayNames() {
    }

    /** The Deployment and the Service (the virtual cluster's internal load balancer) share this name. */
    public static String gateway(VirtualCluster vc) {
        return vc.getMetadata().getName() + "-gateway";
    }

    /** The gateway's certificate Secret (docs/gateway.md, "What the operator provides"). */
    public static String tls(VirtualCluster vc) {
        return vc.getMetadata().getName() + "-gateway-tls";
    }

    public static String routes(VirtualCluster vc) {
        return vc.getMetadata().getName() + "-gateway-routes";
    }
}
