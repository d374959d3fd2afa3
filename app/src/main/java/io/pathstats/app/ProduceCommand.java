package io.pathstats.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.pipeline.produce.TrafficEventProducer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "produce", description = {"Publish events, one JSON object per line, from a file or standard input.",
        "Lines are sent as they are: the pipeline validates them and dead-letters bad ones with a reason."})
final class ProduceCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-f", "--file"}, description = "NDJSON file to read (default: standard input)")
    Path file;

    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        KafkaSettings kafka = KafkaSettings.fromEnv(rt.env);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (TrafficEventProducer producer = new TrafficEventProducer(kafka);
             BufferedReader in = file == null ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                     : Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    sent.add(producer.sendRaw(pathOf(line), line.getBytes(StandardCharsets.UTF_8)));
                }
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
        System.out.printf("published %d event(s) to %s on %s%s%n", sent.size() - failed, kafka.topic(), kafka.bootstrap(),
                failed > 0 ? "; " + failed + " failed" : "");
        return failed == 0 ? 0 : 1;
    }

    /** The record key is the path, as the contract asks; unreadable lines get no key and are dead-lettered later. */
    private static String pathOf(String line) {
        try {
            JsonNode path = JSON.readTree(line).get("path");
            return path != null && path.isTextual() ? path.textValue() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
