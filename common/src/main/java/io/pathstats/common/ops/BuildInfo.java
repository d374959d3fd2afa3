package io.pathstats.common.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What build is running: its version (from the Maven build) and the Java runtime; {@code pathstats_build_info} = 1. */
public final class BuildInfo {
    public static final String VERSION = load();

    private BuildInfo() {
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void bindTo(MeterRegistry registry) {
        Gauge.builder("pathstats.build.info", () -> 1)
                .description("the running build: always 1, its version and Java runtime as labels")
                .tag("version", VERSION).tag("java", System.getProperty("java.runtime.version", "unknown"))
                .register(registry);
    }
}
