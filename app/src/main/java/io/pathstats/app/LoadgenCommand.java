package io.pathstats.app;

import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.traffic.SyntheticTraffic;
import io.pathstats.pipeline.produce.LoadGenerator;
import io.pathstats.client.TrafficEventProducer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "loadgen", description = "Publish realistic demo traffic (Zipf paths, a few proxies, ~1.5%% 5xx) at a steady rate.")
final class LoadgenCommand implements Callable<Integer> {
    /** More than one producer process publishes on this machine; a typo of a zero too many is refused. */
    private static final double MAX_RATE = 10_000_000;

    @Option(names = "--rate", defaultValue = "1000", description = "events per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", description = "how long, e.g. 30s, 5m (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "random seed for paths and statuses")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new ConfigException("--rate " + rate + " is not a rate: give events per second above 0, at most " + (long) MAX_RATE);
        }
        Duration d = Env.parseDurationArgument("--duration", duration);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException("--duration " + duration + " must be longer than zero, e.g. 30s or 5m");
        }
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        KafkaSettings kafka = KafkaSettings.fromEnv(rt.env);
        long total = (long) (rate * d.toMillis() / 1000.0);
        try (TrafficEventProducer producer = new TrafficEventProducer(kafka.bootstrap(), kafka.topic());
             ProgressBar bar = new ProgressBarBuilder().setTaskName("publishing").setInitialMax(total)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" events", 1).showSpeed().build()) {
            long sent = new LoadGenerator(producer, SyntheticTraffic.demo(seed), Clock.systemUTC())
                    .run(rate, d, () -> true, bar::stepTo);
            bar.stepTo(sent);
            System.out.printf("%npublished %d events to %s on %s%n", sent, kafka.topic(), kafka.bootstrap());
        }
        return 0;
    }
}
