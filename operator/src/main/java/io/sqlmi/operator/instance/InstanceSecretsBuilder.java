package io.sqlmi.operator.instance;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.sqlmi.operator.common.Labels;
import io.sqlmi.operator.connectivity.Ports;
import io.sqlmi.operator.crds.v1alpha1.ManagedInstance;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Secrets of an instance: generated passwords (created once, never overwritten) and connection details. */
public final class InstanceSecretsBuilder {

    public static final String ADMIN_COMPONENT = "admin-password";
    public static final String CREDENTIALS_COMPONENT = "engine-credentials";
    public static final String CONNECTION_COMPONENT = "connection";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "-_.!";

    private InstanceSecretsBuilder() {
    }

    public static Secret generatedAdminPassword(ManagedInstance mi, String password) {
        return passwordSecret(mi, InstanceNames.generatedAdminSecret(mi), ADMIN_COMPONENT, EngineContract.PASSWORD_KEY, password);
    }

    public static Secret engineCredentials(ManagedInstance mi) {
        return passwordSecret(mi, InstanceNames.engineCredentialsSecret(mi), CREDENTIALS_COMPONENT, EngineContract.SA_PASSWORD_KEY, password());
    }

    /**
     * Everything a client needs (api.md, "The connection Secret"): host, port, username, password, the CA that signs
     * the gateway's and engines' certificates ({@code ca.crt}, and as a Java trust store), and ready-made strings of
     * {@link ConnectionStrings}.
     *
     * @param caPem      the CA certificate clients trust
     * @param trustStore the CA as a JKS trust store: written once per CA (a store carries its writing time, and
     *                   an unchanged CA must not rewrite the Secret)
     */
    public static Secret connection(ManagedInstance mi, String fqdn, String password, String caPem, byte[] trustStore) {
        String user = mi.getSpec().getAdministratorLogin();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("host", fqdn);
        data.put("port", Integer.toString(Ports.TDS));
        data.put("username", user);
        data.put("password", password);
        data.put("jdbcUrl", ConnectionStrings.jdbc(fqdn));
        data.put("odbcConnectionString", ConnectionStrings.odbc(fqdn, user, password));
        data.put("adoNetConnectionString", ConnectionStrings.adoNet(fqdn, user, password));
        data.put("goConnectionString", ConnectionStrings.goMssqldb(fqdn, user, password));
        data.put(ConnectionStrings.CA_FILE, caPem);
        // data, not stringData: the API server keeps only data, and the comparison must see what was written.
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, base64(v)));
        encoded.put(ConnectionStrings.TRUST_STORE_FILE, Base64.getEncoder().encodeToString(trustStore));
        return new SecretBuilder()
                .withNewMetadata().withName(InstanceNames.connectionSecret(mi)).withNamespace(mi.getMetadata().getNamespace())
                .withLabels(Labels.forChild(mi, CONNECTION_COMPONENT)).endMetadata()
                .withType("Opaque").withData(encoded).build();
    }

    private static Secret passwordSecret(ManagedInstance mi, String name, String component, String key, String password) {
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(mi.getMetadata().getNamespace())
                .withLabels(Labels.forChild(mi, component)).endMetadata()
                .withType("Opaque").addToData(key, base64(password)).build();
    }

    static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** 24 characters from all four classes SQL Server's password policy asks for. */
    public static String password() {
        String all = LOWER + UPPER + DIGITS + SYMBOLS;
        StringBuilder password = new StringBuilder();
        password.append(pick(LOWER)).append(pick(UPPER)).append(pick(DIGITS)).append(pick(SYMBOLS));
        while (password.length() < 24) {
            password.append(pick(all));
        }
        for (int i = password.length() - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            char c = password.charAt(i);
            password.setCharAt(i, password.charAt(j));
            password.setCharAt(j, c);
        }
        return password.toString();
    }

    private static char pick(String alphabet) {
        return alphabet.charAt(RANDOM.nextInt(alphabet.length()));
    }
}
