package io.pathstats.common.config;


/** A setting is missing or invalid; the message names the environment variable and what to do. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
