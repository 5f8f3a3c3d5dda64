package io.chatengine.common.config;

/** A configuration value is missing or wrong; the message names the variable and what is expected. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
