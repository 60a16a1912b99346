package io.sqlmi.operator.controllers;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

final class SecretValues {

    private SecretValues() {
    }

    /** A key of a Secret, decoded; null when absent or empty. */
    static String read(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            String value = new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            return value.isEmpty() ? null : value;
        }
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            String value = secret.getStringData().get(key);
            return value.isEmpty() ? null : value;
        }
        return null;
    }
}
