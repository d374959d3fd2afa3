package io.pathstats.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.client.TrafficEventProducer;
import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.Settings;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.ParseOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "produce", description = {"Publish events, one JSON object per line, from a file or standard input.",
        "Each line is checked first with the pipeline's own validator: invalid lines are reported (line number and",
        "reason) and not published; the exit code is 1 when any line was rejected or not acknowledged."})
final class ProduceCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-f", "--file"}, description = "NDJSON file to read (default: standard input)")
    Path file;

    @Option(names = "--no-validate", description = "publish every line as it is; the pipeline dead-letters bad ones with a reason")
    boolean noValidate;

    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        KafkaSettings kafka = KafkaSettings.fromEnv(rt.env);
        if (file != null && !Files.isRegularFile(file)) {
            throw new ConfigException("no such file: " + file.toAbsolutePath() + " (--file)");
        }
        EventParser parser = new EventParser(Clock.systemUTC(), Duration.ofDays(rt.env.integer(Settings.RETENTION_DAYS, 3, 1, 3650)));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        int lineNumber = 0;
        int invalid = 0;
        try (TrafficEventProducer producer = new TrafficEventProducer(kafka.bootstrap(), kafka.topic());
             BufferedReader in = file == null ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                     : Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                ParseOutcome outcome = noValidate ? null : parser.parse(bytes);
                if (outcome instanceof ParseOutcome.Invalid bad) {
                    invalid++;
                    System.err.printf("line %d rejected: %s: %s%n", lineNumber, bad.reason().tag(), bad.detail());
                    continue;
                }
                String key = outcome instanceof ParseOutcome.Valid valid ? valid.event().path() : pathOf(line);
                sent.add(producer.sendRaw(key, bytes));
            }
            producer.flush();
        }
        int failed = 0;
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failed++;
                System.err.println("not published: " + e.getCause().getMessage());
            }
        }
        String checked = noValidate ? sent.size() + " line(s) sent unchecked (--no-validate)"
                : sent.size() + " line(s) valid, " + invalid + " invalid";
        System.out.printf("%s; published %d event(s) to %s on %s%s%n", checked, sent.size() - failed, kafka.topic(), kafka.bootstrap(),
                failed > 0 ? "; " + failed + " not acknowledged" : "");
        return invalid == 0 && failed == 0 ? 0 : 1;
    }

    /** Unchecked lines: the record key is the path, as the contract asks; unreadable lines get no key and are dead-lettered later. */
    private static String pathOf(String line) {
        try {
            JsonNode path = JSON.readTree(line).get("path");
            return path != null && path.isTextual() ? path.textValue() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
