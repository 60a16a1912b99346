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
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.InstanceNames;
import jakarta.inject.Inject;
import java.time.Instant;

/** The engine's certificate for its redirect host names, issued by the operator's CA and renewed. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + TlsSecrets.ENGINE_COMPONENT))
public class EngineTlsSecretDependentResource extends SqlMiDependentResource<Secret, ManagedInstance> {

    @Inject
    CertificateAuthoritySource authorities;

    @Inject
    OperatorConfig config;

    public EngineTlsSecretDependentResource() {
        super(Secret.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.engineTls(mi);
    }

    @Override
    protected Secret desired(ManagedInstance mi, Context<ManagedInstance> context) {
        CertificatePlan plan = CertificatePlan.engine(mi, ManagedInstanceDependents.model(context).fqdn(),
                config.clusterDomain(), config.certificates().validity());
        Authority authority = authorities.authority();
        return TlsSecrets.server(mi, InstanceNames.engineTls(mi), TlsSecrets.ENGINE_COMPONENT,
                ServerCertificates.keepOrIssue(plan, existing(mi).orElse(null), authority, Instant.now()),
                authority.certificatePem());
    }

    /** With an external issuer the Secret is the issuer's: the operator only mounts it. */
    public static class OperatorIssues implements Condition<Secret, ManagedInstance> {
        @Override
        public boolean isMet(DependentResource<Secret, ManagedInstance> dependent, ManagedInstance mi,
                             Context<ManagedInstance> context) {
            return ((EngineTlsSecretDependentResource) dependent).authorities.operatorIssues();
        }
    }
}
