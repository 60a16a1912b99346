package io.sqlmi.operator.instance;

/**
 * Where the administrator's password comes from, and the password itself: the user's Secret named by
 * spec.administratorLoginPasswordSecretRef, or the generated {@code <mi>-admin}.
 *
 * @param value the password; null when the user's Secret or its key does not exist
 */
public record AdminPassword(String secret, String key, String value) {

    public boolean available() {
        return value != null;
    }
}
