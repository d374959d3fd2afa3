package io.pathstats.app;

import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.traffic.SyntheticTraffic;
import io.pathstats.pipeline.produce.LoadGenerator;
import io.pathstats.pipeline.produce.TrafficEventProducer;
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
    @Option(names = "--rate", defaultValue = "1000", description = "events per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", description = "how long, e.g. 30s, 5m (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "random seed for paths and statuses")
    long seed;

    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        Duration d = io.pathstats.common.config.Env.parseDurationArgument("--duration", duration);
        KafkaSettings kafka = KafkaSettings.fromEnv(rt.env);
        long total = (long) (rate * d.toMillis() / 1000.0);
        try (TrafficEventProducer producer = new TrafficEventProducer(kafka);
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
