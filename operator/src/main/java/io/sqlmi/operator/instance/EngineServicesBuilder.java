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
    public static final String SECONDARY_COMPONENT = "engine-secondary";
    /**
     * The host name in the instance's DNS zone that the gateway redirects clients to for this replica
     * ({@code HostNames.primaryReplica}, {@code readableSecondary}); the DNS records controller publishes it with the
     * Service's address.
     */
    public static final String HOST_ANNOTATION = "sqlmi.io/host";
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
     *
     * @param host             the primary's redirect host name, in the instance's DNS zone
     * @param redirectListener whether the engine listens on the redirect port itself; without it (the official
     *                         image) the redirect port leads to the engine's 1433, and NSG rules on 11000-11999 do not apply
     */
    public static Service primary(ManagedInstance mi, String host, int redirectPort, boolean redirectListener) {
        return replica(mi, InstanceNames.primaryService(mi), PRIMARY_COMPONENT, 0, host, redirectPort, redirectListener);
    }

    /**
     * A Business Critical instance's readable secondary, with the same two ports as the primary: where the gateway
     * proxies and redirects logins with read intent.
     */
    public static Service secondary(ManagedInstance mi, String host, int redirectPort, boolean redirectListener) {
        return replica(mi, InstanceNames.secondaryService(mi), SECONDARY_COMPONENT,
                InstanceNames.READABLE_SECONDARY_ORDINAL, host, redirectPort, redirectListener);
    }

    private static Service replica(ManagedInstance mi, String name, String component, int ordinal, String host,
                                   int redirectPort, boolean redirectListener) {
        Map<String, String> selector = new LinkedHashMap<>(Labels.selector(mi, EngineStatefulSetBuilder.COMPONENT));
        selector.put(POD_NAME_LABEL, InstanceNames.pod(mi, ordinal));
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(mi.getMetadata().getNamespace())
                .withLabels(Labels.forChild(mi, component)).addToAnnotations(HOST_ANNOTATION, host).endMetadata()
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
