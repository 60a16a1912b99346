package io.sqlmi.operator.instance;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Services of an instance's engine, named by role. */
public final class EngineServicesBuilder {

    public static final String HEADLESS_COMPONENT = "engine-replicas";
    public static final String PRIMARY_COMPONENT = "engine-primary";
    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

    private EngineServicesBuilder() {
    }

    /** Headless: a stable DNS name per replica ({@code <mi>-<n>.<mi>-engine}), ready or not, for replication. */
    public static Service headless(ManagedInstance mi) {
        return new ServiceBuilder()
                .withNewMetadata().withName(InstanceNames.headlessService(mi)).withNamespace(mi.getMetadata().getNamespace())
                .withLabels(Labels.forChild(mi, HEADLESS_COMPONENT)).endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true)
                .withSelector(Labels.selector(mi, EngineStatefulSetBuilder.COMPONENT))
                .addNewPort().withName("tds").withPort(Ports.ENGINE).withTargetPort(new IntOrString("tds"))
                .withProtocol("TCP").endPort()
                .endSpec().build();
    }

    /**
     * The primary replica. Port 1433 carries the sessions the gateway proxies; the instance's redirect port
     * (11000-11999) is where redirected clients land, as on an Azure node: the engine's own listener on that port
     * (container port {@code redirect}), so that a NetworkPolicy on the redirect range filters those sessions.
     */
    public static Service primary(ManagedInstance mi, int redirectPort) {
        return primary(mi, redirectPort, true);
    }

    /**
     * @param redirectListener whether the engine listens on the redirect port itself; without it (the official
     *                         image) the redirect port leads to the engine's 1433, and NSG rules on 11000-11999 do not apply
     */
    public static Service primary(ManagedInstance mi, int redirectPort, boolean redirectListener) {
        Map<String, String> selector = new LinkedHashMap<>(Labels.selector(mi, EngineStatefulSetBuilder.COMPONENT));
        selector.put(POD_NAME_LABEL, InstanceNames.pod(mi, 0));
        return new ServiceBuilder()
                .withNewMetadata().withName(InstanceNames.primaryService(mi)).withNamespace(mi.getMetadata().getNamespace())
                .withLabels(Labels.forChild(mi, PRIMARY_COMPONENT)).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector)
                .addNewPort().withName("tds").withPort(Ports.ENGINE).withTargetPort(new IntOrString("tds"))
                .withProtocol("TCP").endPort()
                .addNewPort().withName("redirect").withPort(redirectPort)
                .withTargetPort(new IntOrString(redirectListener ? EngineContract.REDIRECT_PORT_NAME : "tds"))
                .withProtocol("TCP").endPort()
                .endSpec().build();
    }

    /** The redirect port a primary Service carries, to recover it when status was lost. */
    public static Integer redirectPortOf(Service primary) {
        if (primary == null || primary.getSpec() == null || primary.getSpec().getPorts() == null) {
            return null;
        }
        return primary.getSpec().getPorts().stream().filter(p -> "redirect".equals(p.getName()))
                .map(p -> p.getPort()).filter(Ports::isRedirectPort).findFirst().orElse(null);
    }
}
