package io.pathstats.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * A health probe for containers whose image has no curl (docker-compose.yml's healthchecks): exit
 * 0 when the service answers 200 on /health, 1 otherwise, printing what it answered.
 */
@Command(name = "health", description = {"Ask a pathstats service whether it is healthy: exit 0 when GET URL answers 200 (UP),",
        "1 when it answers anything else (the body names the failing dependency) or nothing within 5 s."})
final class HealthCommand implements Callable<Integer> {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Parameters(index = "0", arity = "0..1", defaultValue = "http://127.0.0.1:8080/health",
            description = "the service's health URL (default: ${DEFAULT-VALUE})")
    URI url;

    @Override
    public Integer call() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(r.statusCode() + " " + r.body());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("no answer from " + url + " (" + PathstatsMain.describe(e) + "); is the service running and listening there?");
            return 1;
        }
    }
}
