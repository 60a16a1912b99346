package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.endpoint.EndpointBuilder;
import io.sqlmi.operator.gateway.GatewayNames;
import io.sqlmi.operator.network.LoadBalancerAddresses;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The load balancer of the operator's own classes: it writes {@code status.loadBalancer.ingress[].ip} of the gateway
 * Services ({@value LoadBalancerAddresses#SUBNET_CLASS}: network + 4 of the subnet, named by the builder) and of the
 * public endpoints' Services ({@value LoadBalancerAddresses#PUBLIC_CLASS}: an address of the public pool), and kube-proxy
 * routes what it wrote. No other load-balancer controller touches a Service of a class it does not know.
 *
 * <p>The pool's reservations are the addresses the Services' status already shows, so they survive restarts; the
 * in-memory ones only cover the moment between choosing an address and seeing it in the cache, while Services are
 * reconciled side by side.
 */
@ControllerConfiguration(name = "loadbalancer", fieldManager = Controllers.FIELD_MANAGER, generationAwareEventProcessing = false,
        informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + " in ("
                + GatewayNames.COMPONENT + "," + EndpointBuilder.PUBLIC_COMPONENT + ")"))
public class LoadBalancerReconciler implements Reconciler<Service> {

    private static final Logger LOG = Logger.getLogger(LoadBalancerReconciler.class);

    private final OperatorConfig config;
    private final EventRecorder events;
    /** Public addresses chosen and not yet seen in the cache, by Service uid. */
    private final Map<String, String> pending = new HashMap<>();
    private final Set<String> exhaustedReported = new HashSet<>();

    public LoadBalancerReconciler(OperatorConfig config, EventRecorder events) {
        this.config = config;
        this.events = events;
    }

    @Override
    public UpdateControl<Service> reconcile(Service service, Context<Service> context) {
        String loadBalancerClass = LoadBalancerAddresses.loadBalancerClass(service);
        if (!"LoadBalancer".equals(service.getSpec().getType()) || loadBalancerClass == null
                || service.getMetadata().getDeletionTimestamp() != null) {
            return UpdateControl.noUpdate();
        }
        Optional<String> address = switch (loadBalancerClass) {
            case LoadBalancerAddresses.SUBNET_CLASS -> Optional.ofNullable(service.getMetadata().getAnnotations() == null ? null
                    : service.getMetadata().getAnnotations().get(LoadBalancerAddresses.ADDRESS_ANNOTATION));
            case LoadBalancerAddresses.PUBLIC_CLASS -> fromPool(service, context);
            default -> Optional.empty();
        };
        if (address.isEmpty()) {
            return LoadBalancerAddresses.PUBLIC_CLASS.equals(loadBalancerClass)
                    ? UpdateControl.<Service>noUpdate().rescheduleAfter(Duration.ofSeconds(30)) : UpdateControl.noUpdate();
        }
        if (!address.get().equals(LoadBalancerAddresses.ingressIp(service))) {
            LOG.infof("load balancer %s/%s (%s): address %s", service.getMetadata().getNamespace(),
                    service.getMetadata().getName(), loadBalancerClass, address.get());
            Service patch = new Service();
            patch.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                    .withIngress(new LoadBalancerIngressBuilder().withIp(address.get()).withIpMode("VIP").build())
                    .endLoadBalancer().build());
            context.getClient().services().inNamespace(service.getMetadata().getNamespace())
                    .withName(service.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
        return UpdateControl.noUpdate();
    }

    private synchronized Optional<String> fromPool(Service service, Context<Service> context) {
        List<Service> sameClass = context.getPrimaryCache()
                .list(s -> LoadBalancerAddresses.PUBLIC_CLASS.equals(LoadBalancerAddresses.loadBalancerClass(s))).toList();
        Set<String> alive = sameClass.stream().map(s -> s.getMetadata().getUid()).collect(Collectors.toSet());
        pending.keySet().retainAll(alive);
        sameClass.forEach(s -> {
            if (Objects.equals(pending.get(s.getMetadata().getUid()), LoadBalancerAddresses.ingressIp(s))) {
                pending.remove(s.getMetadata().getUid());
            }
        });
        String uid = service.getMetadata().getUid();
        Set<String> taken = new HashSet<>(LoadBalancerAddresses.takenByOthers(service, sameClass));
        pending.forEach((other, address) -> {
            if (!other.equals(uid)) {
                taken.add(address);
            }
        });
        String held = pending.getOrDefault(uid, LoadBalancerAddresses.ingressIp(service));
        String pool = config.publicEndpoint().addressPool();
        Optional<String> address = LoadBalancerAddresses.fromPool(pool, held, taken);
        String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
        if (address.isEmpty()) {
            if (exhaustedReported.add(uid)) {
                LOG.warnf("public endpoint %s waits: the public address pool %s is exhausted", key, pool);
                events.warning(service, "AddressPoolExhausted", "The public address pool " + pool + " has no free address"
                        + " (all " + LoadBalancerAddresses.poolSize(pool) + " are held): delete a public endpoint, or give"
                        + " the operator a larger pool (Helm value publicEndpoint.addressPool, property"
                        + " sqlmi.public-endpoint.address-pool). The endpoint gets an address by itself once one is free.");
            }
            return address;
        }
        exhaustedReported.remove(uid);
        pending.put(uid, address.get());
        return address;
    }

    @Override
    public ErrorStatusUpdateControl<Service> updateErrorStatus(Service resource, Context<Service> context, Exception e) {
        return Controllers.errorHandling(e);
    }
}
