package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.sqlmi.operator.certificates.TlsSecrets;
import io.sqlmi.operator.certificates.TrustStores;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import io.sqlmi.operator.instance.ConnectionStrings;
import io.sqlmi.operator.instance.InstanceModel;
import io.sqlmi.operator.instance.InstanceNames;
import io.sqlmi.operator.instance.InstanceSecretsBuilder;
import jakarta.inject.Inject;
import java.util.Base64;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + ","
        + Labels.COMPONENT + "=" + InstanceSecretsBuilder.CONNECTION_COMPONENT))
public class ConnectionSecretDependentResource extends SqlMiDependentResource<Secret, ManagedInstance> {

    @Inject
    CertificateAuthoritySource authorities;

    public ConnectionSecretDependentResource() {
        super(Secret.class, Labels.MANAGED_INSTANCE);
    }

    @Override
    protected String childName(ManagedInstance mi) {
        return InstanceNames.connectionSecret(mi);
    }

    @Override
    protected Secret desired(ManagedInstance mi, Context<ManagedInstance> context) {
        InstanceModel model = ManagedInstanceDependents.model(context);
        String ca = authorities.authority().certificatePem();
        Secret existing = existing(mi).orElse(null);
        String storeOfExisting = existing == null || existing.getData() == null ? null
                : existing.getData().get(ConnectionStrings.TRUST_STORE_FILE);
        // The same CA keeps the trust store already written: a new one would differ in its timestamps only.
        byte[] store = storeOfExisting != null && ca.equals(TlsSecrets.text(existing, ConnectionStrings.CA_FILE))
                ? Base64.getDecoder().decode(storeOfExisting) : TrustStores.jks(ca);
        return InstanceSecretsBuilder.connection(mi, model.fqdn(), model.adminPassword(), ca, store);
    }
}
