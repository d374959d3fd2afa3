package io.pathstats.common.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated access to environment variables. Every getter takes the default that works in
 * standalone mode and fails with a message naming the variable, so a typo never starts a service
 * with a silently wrong value.
 */
public final class Env {
    public static final String PREFIX = "PATHSTATS_";
    /** Appended to a secret's name: the variable that names a file holding it instead. */
    public static final String FILE_SUFFIX = "_FILE";

    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public boolean isSet(String name) {
        String v = vars.get(name);
        return v != null && !v.isBlank();
    }

    public String string(String name, String defaultValue) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /**
     * A password or token: the variable itself, or the contents of the file {@code NAME_FILE} names
     * (Docker and Kubernetes secrets), without a trailing line break. Both at once is an error.
     */
    public String secret(String name, String defaultValue) {
        String fileName = name + FILE_SUFFIX;
        if (!isSet(fileName)) {
            return string(name, defaultValue);
        }
        if (isSet(name)) {
            throw new ConfigException("both " + name + " and " + fileName + " are set; set one of them");
        }
        Path file = Path.of(vars.get(fileName).trim());
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(fileName + "=" + file + " cannot be read (" + e.getMessage() + "); it must name a readable file "
                    + "holding the value of " + name);
        }
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String raw = vars.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new ConfigException(name + "=" + raw + " is out of range; use a whole number from " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "=" + raw + " is not a whole number; use a value from " + min + " to " + max);
        }
    }

    /** Durations as ISO-8601 (PT5S) or a number with a unit suffix: 500ms, 5s, 10m, 2h, 3d. */
    public Duration duration(String name, Duration defaultValue) {
        String raw = vars.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            return parseDuration(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(name + "=" + raw + " is not a duration; write e.g. 500ms, 5s, 10m, 2h, 3d or PT5S");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        String raw = vars.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.trim().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + "=" + raw + " is not a boolean; use true or false");
        };
    }

    public URI uri(String name, String defaultValue) {
        String raw = string(name, defaultValue);
        try {
            URI uri = URI.create(raw);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + "=" + raw + " is not an absolute URL such as http://127.0.0.1:9000");
        }
    }

    /** Fails on PATHSTATS_* variables nobody reads: a misspelt setting must not be ignored. */
    public void rejectUnknown(Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (String name : vars.keySet()) {
            if (name.startsWith(PREFIX) && !known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown setting(s) " + unknown + "; known settings are listed in README.md (Configuration)");
        }
    }

    /** Parses a duration given on the command line; the message names the option. */
    public static Duration parseDurationArgument(String option, String raw) {
        try {
            return parseDuration(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(option + " " + raw + " is not a duration; write e.g. 500ms, 30s, 5m, 2h or PT30S");
        }
    }

    static Duration parseDuration(String raw) {
        if (raw.startsWith("P") || raw.startsWith("p")) {
            return Duration.parse(raw.toUpperCase());
        }
        int i = 0;
        while (i < raw.length() && Character.isDigit(raw.charAt(i))) {
            i++;
        }
        long amount = Long.parseLong(raw.substring(0, i));
        return switch (raw.substring(i)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unit");
        };
    }
}
