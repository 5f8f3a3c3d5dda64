package io.chatengine.common.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Reads configuration from environment variables, once, at start. Every accessor names the variable in its
 * error, so a service that refuses to start says exactly what to fix.
 */
public final class Env {
    private final Map<String, String> values;
    private final Set<String> asked = new ConcurrentSkipListSet<>();

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** Every variable read so far, set or not: what a deployment of this service must consider setting. */
    public Set<String> asked() {
        return Set.copyOf(asked);
    }

    public Optional<String> optional(String name) {
        asked.add(name);
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public String required(String name, String what) {
        return optional(name).orElseThrow(() -> new ConfigException(name + " is not set: " + what));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) number(name, defaultValue, min, max);
    }

    public long number(String name, long defaultValue, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** An instance id: letters, digits, '-', '_' and '.', so it can name a topic. */
    public String instanceId(String defaultValue) {
        String id = string("INSTANCE_ID", defaultValue);
        if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ConfigException("INSTANCE_ID must be 1-100 characters of A-Z a-z 0-9 . _ -, got '" + id + "'");
        }
        return id;
    }
}
