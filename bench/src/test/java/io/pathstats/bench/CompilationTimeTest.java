package io.pathstats.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class CompilationTimeTest {

    @Test
    void readsTheCompileTimeAServiceReportsOnItsMetricsPage() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmCompilationMetrics().bindTo(registry); // as every pathstats service binds it
        double before = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1000.0;

        double reported = CompilationTime.fromScrape(registry.scrape());

        double after = CompilationTime.ofThisJvm();
        assertThat(reported).isPositive().isBetween(before, after);
    }

    @Test
    void aScrapeWithoutTheMetricIsAnErrorNotZero() {
        assertThatThrownBy(() -> CompilationTime.fromScrape("# HELP jvm_threads_live_threads\njvm_threads_live_threads 12.0\n"))
                .hasMessageContaining(CompilationTime.METRIC);
    }
}
