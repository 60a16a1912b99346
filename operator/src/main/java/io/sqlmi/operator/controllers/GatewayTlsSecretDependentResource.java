package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.sqlmi.operator.certificates.Authority;
import io.sqlmi.operator.certificates.CertificatePlan;
import io.sqlmi.operator.certificates.ServerCertificates;
import io.sqlmi.operator.certificates.TlsSecrets;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.config.OperatorConfig;
import io.sqlmi.operator.crds.v1alpha1.VirtualCluster;
import io.sqlmi.operator.gateway.GatewayNames;
import io.sqlmi.operator.gateway.RoutingTable;
import jakarta.inject.Inject;
import java.time.Instant;

/** The gateway's certificate for the three wildcards of the cluster's zone, issued by the operator's CA and renewed. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + TlsSecrets.GATEWAY_COMPONENT))
public class GatewayTlsSecretDependentResource extends SqlMiDependentResource<Secret, VirtualCluster> {

    @Inject
    CertificateAuthoritySource authorities;

    @Inject
    OperatorConfig config;

    public GatewayTlsSecretDependentResource() {
        super(Secret.class, Labels.VIRTUAL_CLUSTER);
    }

    @Override
    protected String childName(VirtualCluster vc) {
        return GatewayNames.tls(vc);
    }

    @Override
    protected Secret desired(VirtualCluster vc, Context<VirtualCluster> context) {
        RoutingTable table = VirtualClusterDependents.model(context).routingTable();
        CertificatePlan plan = CertificatePlan.gateway(vc.getMetadata().getName(), table.dnsZone(), table.dnsSuffix(),
                config.certificates().validity());
        Authority authority = authorities.authority();
        return TlsSecrets.server(vc, GatewayNames.tls(vc), TlsSecrets.GATEWAY_COMPONENT,
                ServerCertificates.keepOrIssue(plan, existing(vc).orElse(null), authority, Instant.now()),
                authority.certificatePem());
    }

    /** With an external issuer (cert-manager, say) the Secret is the issuer's: the operator only mounts it. */
    public static class OperatorIssues implements Condition<Secret, VirtualCluster> {
        @Override
        public boolean isMet(DependentResource<Secret, VirtualCluster> dependent, VirtualCluster vc,
                             Context<VirtualCluster> context) {
            return ((GatewayTlsSecretDependentResource) dependent).authorities.operatorIssues();
        }
    }
}
