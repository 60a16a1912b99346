package io.sqlmi.engine.config;

/** A setting of the container contract is missing or invalid; the engine refuses to start. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
