package io.sqlmi.gateway.config;

/** A setting that cannot be used; the message names the variable and what it accepts. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
