package io.sqlmi.operator.certificates;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.sqlmi.operator.common.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The certificate Secrets, in the layout of {@code kubernetes.io/tls} Secrets that cert-manager writes too:
 * {@code tls.crt}, {@code tls.key} and {@code ca.crt}. The gateway reads such a Secret as a directory
 * (docs/gateway.md, "Certificates"); the engine reads {@code tls.crt} and {@code tls.key} as its PEM files.
 */
public final class TlsSecrets {

    public static final String TYPE = "kubernetes.io/tls";
    public static final String CERTIFICATE = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String CA = "ca.crt";
    public static final String GATEWAY_COMPONENT = "gateway-tls";
    public static final String ENGINE_COMPONENT = "engine-tls";
    public static final String AUTHORITY_COMPONENT = "certificate-authority";

    private TlsSecrets() {
    }

    /** A server certificate Secret owned by {@code owner} (a VirtualCluster's gateway, a ManagedInstance's engine). */
    public static Secret server(HasMetadata owner, String name, String component, IssuedCertificate issued,
                                String authorityPem) {
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(owner.getMetadata().getNamespace())
                .withLabels(Labels.forChild(owner, component)).endMetadata()
                .withType(TYPE).withData(data(issued, authorityPem)).build();
    }

    /** The operator's CA, in its own namespace; it has no owner, so that nothing but a person ever deletes it. */
    public static Secret authority(String namespace, String name, IssuedCertificate authority) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, Labels.OPERATOR);
        labels.put(Labels.COMPONENT, AUTHORITY_COMPONENT);
        labels.put(Labels.PART_OF, "sqlmi");
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .addToAnnotations("sqlmi.io/description", "The CA of the sqlmi operator's gateway and engine certificates."
                        + " Kept for as long as it exists: deleting it makes the operator create another one, and clients"
                        + " then need the new ca.crt of their connection Secrets.").endMetadata()
                .withType(TYPE).withData(data(authority, authority.certificatePem())).build();
    }

    /** The certificate and key of a Secret, or null when it has none. */
    public static IssuedCertificate read(Secret secret) {
        String certificate = text(secret, CERTIFICATE);
        String key = text(secret, KEY);
        return certificate == null || key == null ? null : new IssuedCertificate(certificate, key);
    }

    /** A key of a Secret as text, or null. */
    public static String text(Secret secret, String key) {
        if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
            return null;
        }
        String value = new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        return value.isBlank() ? null : value;
    }

    private static Map<String, String> data(IssuedCertificate issued, String authorityPem) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CA, base64(authorityPem));
        data.put(CERTIFICATE, base64(issued.certificatePem()));
        data.put(KEY, base64(issued.privateKeyPem()));
        return data;
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
