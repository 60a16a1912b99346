package io.sqlmi.engine.server;

import io.sqlmi.engine.config.EngineConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** SQL authentication: 'sa' with MSSQL_SA_PASSWORD, and the instance administrator if configured. */
public final class Logins {
    private final Map<String, String> passwords = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public Logins(EngineConfig config) {
        passwords.put("sa", config.saPassword());
        if (config.adminLogin() != null) {
            passwords.put(config.adminLogin(), config.adminPassword());
        }
    }

    /** The login's canonical name if the password matches; compared in constant time. */
    public Optional<String> authenticate(String login, String password) {
        if (login == null || password == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : passwords.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(login.trim())) {
                boolean match = MessageDigest.isEqual(entry.getValue().getBytes(StandardCharsets.UTF_8),
                        password.getBytes(StandardCharsets.UTF_8));
                return match ? Optional.of(entry.getKey().toLowerCase(Locale.ROOT).equals("sa") ? "sa"
                        : entry.getKey()) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
