package io.pathstats.pipeline.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.event.EventParser;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteTemplater;
import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.deadletter.DeadLetter;
import io.pathstats.pipeline.deadletter.DlqHeaders;
import io.pathstats.pipeline.row.EventRow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidationTopologyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final int MAX_DEAD_LETTER = 200_000;
    private final KafkaSettings kafka = new KafkaSettings("unused:9092", "traffic-events");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> valid;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void setUp() {
        EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(3));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        driver = new TopologyTestDriver(ValidationTopology.build(kafka, parser, RouteTemplater::builtIn, new PipelineMetrics(registry), MAX_DEAD_LETTER), props);
        input = driver.createInputTopic(kafka.topic(), new ByteArraySerializer(), new ByteArraySerializer());
        valid = driver.createOutputTopic(kafka.validTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(kafka.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void validEventsAreNormalisedAndKeyedByTheirAggregateRow() {
        long occurred = NOW.minusSeconds(60).toEpochMilli();
        input.pipeInput("k".getBytes(StandardCharsets.UTF_8), bytes("{\"eventId\":\"a\",\"occurredAt\":" + occurred
                + ",\"path\":\"/x?q=1\",\"method\":\"get\",\"status\":200,\"latencyMs\":5}"));

        TestRecord<byte[], byte[]> out = valid.readRecord();
        TrafficEvent expected = new TrafficEvent("a", Instant.ofEpochMilli(occurred), "/x", "GET", 200, 5_000L, "default", "/x");
        assertThat(EventRow.decode(out.value())).isEqualTo(expected);
        assertThat(out.key()).isEqualTo(key(expected));
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(registry.get("pathstats.events.valid").counter().count()).isEqualTo(1);
    }

    @Test
    void eventsOfOneAggregateRowShareAKeyAndABusyPathsHoursDoNot() {
        Instant hour = Instant.parse("2026-11-22T10:00:00Z");
        TrafficEvent first = new TrafficEvent("a", hour.plusSeconds(1), "/x", "GET", 200, 5, "edge-1");
        TrafficEvent sameRow = new TrafficEvent("b", hour.plusSeconds(3_599), "/x", "POST", 503, null, "edge-1");

        assertThat(key(sameRow)).isEqualTo(key(first));
        assertThat(ByteBuffer.wrap(key(first)).getLong()).as("the UTC hour leads the key").isEqualTo(hour.getEpochSecond() / 3_600);
        assertThat(key(new TrafficEvent("c", hour.plusSeconds(3_600), "/x", "GET", 200, 5, "edge-1")))
                .isNotEqualTo(key(first));
        assertThat(key(new TrafficEvent("d", hour.plusSeconds(1), "/x", "GET", 200, 5, "edge-2")))
                .isNotEqualTo(key(first));
        assertThat(key(new TrafficEvent("e", hour.plusSeconds(1), "/y", "GET", 200, 5, "edge-1")))
                .isNotEqualTo(key(first));
        // the proxy's length is part of the key: ("edge-1", "/x") and ("edge-", "1/x") are different rows
        assertThat(key(new TrafficEvent("f", hour.plusSeconds(1), "1/x", "GET", 200, 5, "edge-")))
                .isNotEqualTo(key(first));
    }

    @Test
    void invalidEventsKeepTheirBytesAndGainAReasonHeader() {
        byte[] poison = new byte[] {(byte) 0xff, 0x00, 0x7b};
        input.pipeInput("k".getBytes(StandardCharsets.UTF_8), poison);
        input.pipeInput(null, bytes("{\"eventId\":\"b\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/x\",\"method\":\"GET\",\"status\":700}"));
        // the pipeline keeps going after bad input
        input.pipeInput(null, bytes("{\"eventId\":\"c\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/y\",\"method\":\"GET\",\"status\":200}"));

        TestRecord<byte[], byte[]> first = dlq.readRecord();
        assertThat(first.value()).isEqualTo(poison);
        assertThat(header(first, DlqHeaders.REASON)).isEqualTo("not_json");
        assertThat(header(first, DlqHeaders.SOURCE)).startsWith("traffic-events-0@");
        TestRecord<byte[], byte[]> second = dlq.readRecord();
        assertThat(header(second, DlqHeaders.REASON)).isEqualTo("invalid_value");
        assertThat(header(second, DlqHeaders.DETAIL)).contains("status");
        assertThat(valid.readRecordsToList()).hasSize(1);
        assertThat(registry.get("pathstats.events.invalid").tag("reason", "not_json").counter().count()).isEqualTo(1);
        assertThat(registry.get("pathstats.events.invalid").tag("reason", "invalid_value").counter().count()).isEqualTo(1);
    }

    @Test
    void theValidatedFormatKeepsEveryFieldTimestampsToTheMicrosecond() {
        TrafficEvent e = new TrafficEvent("id-ä", Instant.parse("2026-11-22T11:59:59.123456789Z"), "/p/ü", "PATCH", 418, null, "edge-1");
        assertThat(EventRow.decode(EventRow.encode(e)))
                .isEqualTo(new TrafficEvent("id-ä", Instant.parse("2026-11-22T11:59:59.123456Z"), "/p/ü", "PATCH", 418, null, "edge-1", "/p/ü"));
        TrafficEvent withLatency = new TrafficEvent("x", Instant.parse("1999-12-31T23:59:59.5Z"), "/", "GET", 200, 0L, "p", "/");
        assertThat(EventRow.decode(EventRow.encode(withLatency))).isEqualTo(withLatency);
    }

    @Test
    void damagedValidatedRecordsAreRejectedBeforeTheyReachCopy() {
        byte[] good = EventRow.encode(new TrafficEvent("x", NOW, "/", "GET", 200, 7, "p"));
        EventRow.checkRow(good);
        assertThatThrownBy(() -> EventRow.checkRow(java.util.Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged");
        assertThatThrownBy(() -> EventRow.checkRow(java.util.Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged");
        byte[] otherFormat = good.clone();
        otherFormat[0] = 1;
        assertThatThrownBy(() -> EventRow.checkRow(otherFormat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> EventRow.checkRow(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsOfTheEarlierFormatAreConvertedForTheWriters() throws Exception {
        TrafficEvent e = new TrafficEvent("id-1", Instant.parse("2026-11-22T11:59:59.123456789Z"), "/p", "GET", 503, 42, "edge-1");
        var formatOne = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(formatOne)) {
            out.writeByte(1);
            out.writeLong(e.occurredAt().getEpochSecond());
            out.writeInt(e.occurredAt().getNano());
            out.writeUTF(e.eventId());
            out.writeUTF(e.path());
            out.writeUTF(e.method());
            out.writeShort(e.status());
            out.writeInt((int) (e.latencyUs() / 1000));
            out.writeUTF(e.proxyId());
        }
        assertThat(EventRow.currentFormat(formatOne.toByteArray())).isEqualTo(EventRow.encode(e));
        byte[] current = EventRow.encode(e);
        assertThat(EventRow.currentFormat(current)).isSameAs(current);
    }

    @Test
    void eventsAreCountedUnderTheProducersRouteOrTheDerivedOne() {
        String at = NOW.minusSeconds(60).toString();
        input.pipeInput(null, bytes("{\"eventId\":\"r1\",\"occurredAt\":\"" + at
                + "\",\"path\":\"/users/48213\",\"route\":\"/users/:id\",\"method\":\"GET\",\"status\":200}"));
        input.pipeInput(null, bytes("{\"eventId\":\"r2\",\"occurredAt\":\"" + at
                + "\",\"path\":\"/users/48213/orders/6f1c2d3e-4b5a-4c6d-8e7f-901234567890\",\"method\":\"GET\",\"status\":200}"));
        input.pipeInput(null, bytes("{\"eventId\":\"r3\",\"occurredAt\":\"" + at
                + "\",\"path\":\"/users/1\",\"route\":\"users/{id}\",\"method\":\"GET\",\"status\":200}"));

        var out = valid.readRecordsToList();
        assertThat(out).extracting(r -> EventRow.decode(r.value()).route()).containsExactly("/users/:id", "/users/{id}/orders/{uuid}");
        assertThat(EventRow.decode(out.get(1).value()).path()).as("the raw path is kept").isEqualTo("/users/48213/orders/6f1c2d3e-4b5a-4c6d-8e7f-901234567890");
        TestRecord<byte[], byte[]> invalid = dlq.readRecord();
        assertThat(header(invalid, DlqHeaders.REASON)).isEqualTo("invalid_value");
        assertThat(header(invalid, DlqHeaders.DETAIL)).startsWith("route must start with /");
    }

    @Test
    void recordsOfTheFormatsBeforeRoutesAndBeforeMicrosecondsAreConverted() {
        TrafficEvent e = new TrafficEvent("id-2", Instant.parse("2026-11-22T11:00:00Z"), "/p/7", "GET", 200, 3, "edge");
        byte[] current = EventRow.encode(e);
        assertThat(EventRow.currentFormat(earlierFormat(4, e))).isEqualTo(current);
        assertThat(EventRow.currentFormat(earlierFormat(3, e))).isEqualTo(current);
        assertThat(EventRow.currentFormat(earlierFormat(2, e))).isEqualTo(current);
        assertThat(EventRow.decode(EventRow.currentFormat(earlierFormat(2, e))).route()).isEqualTo("/p/7");
        assertThat(EventRow.decode(EventRow.currentFormat(earlierFormat(4, e))).latencyUs()).isEqualTo(3_000L);
        TrafficEvent unmeasured = new TrafficEvent("id-3", e.occurredAt(), "/q", "GET", 200, null, "edge");
        assertThat(EventRow.currentFormat(earlierFormat(4, unmeasured))).isEqualTo(EventRow.encode(unmeasured));
    }

    /**
     * A record as earlier builds wrote it, its route derived from the path by the classes: format 4
     * has the latency as 4 bytes of milliseconds; format 3 has no route_source either; format 2 no route.
     */
    private static byte[] earlierFormat(int format, TrafficEvent e) {
        long micros = (e.occurredAt().getEpochSecond() - 946_684_800L) * 1_000_000L + e.occurredAt().getNano() / 1_000;
        java.util.List<byte[]> columns = new java.util.ArrayList<>(java.util.List.of(
                java.nio.ByteBuffer.allocate(8).putLong(micros).array(), bytes(e.eventId()), bytes(e.path()), bytes(e.proxyId()),
                bytes(e.method()), java.nio.ByteBuffer.allocate(2).putShort((short) e.status()).array()));
        columns.add(e.latencyUs() == null ? null : java.nio.ByteBuffer.allocate(4).putInt((int) (e.latencyUs() / 1000)).array());
        if (format >= 3) {
            columns.add(bytes(e.path()));
        }
        if (format >= 4) {
            columns.add(new byte[] {'c'});
        }
        var out = new java.io.ByteArrayOutputStream();
        out.write(format);
        out.write(0);
        out.write(columns.size());
        for (byte[] column : columns) {
            out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(column == null ? -1 : column.length).array());
            if (column != null) {
                out.writeBytes(column);
            }
        }
        return out.toByteArray();
    }

    @Test
    void aRecordTooLargeForTheDeadLetterTopicIsDeadLetteredTruncatedWithItsSizeAndHash() throws Exception {
        byte[] huge = new byte[MAX_DEAD_LETTER];
        java.util.Arrays.fill(huge, (byte) 'x');
        input.pipeInput("k".getBytes(StandardCharsets.UTF_8), huge);
        input.pipeInput(null, bytes("{\"eventId\":\"c\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/y\",\"method\":\"GET\",\"status\":200}"));

        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertThat(letter.value()).hasSize(DeadLetter.TRUNCATED_VALUE_BYTES);
        assertThat(header(letter, DlqHeaders.TRUNCATED)).isEqualTo("true");
        assertThat(header(letter, DlqHeaders.ORIGINAL_SIZE)).isEqualTo(Integer.toString(huge.length));
        assertThat(header(letter, DlqHeaders.SHA256)).isEqualTo(java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(huge)));
        assertThat(header(letter, DlqHeaders.REASON)).isEqualTo("invalid_value");
        assertThat(valid.readRecordsToList()).as("the next event is not held up").hasSize(1);
    }

    @Test
    void aDeadLetterThatFitsIsKeptWhole() {
        byte[] value = bytes("{\"eventId\":1}");
        DeadLetter fits = DeadLetter.of(null, value, new org.apache.kafka.common.header.internals.RecordHeaders(),
                io.pathstats.common.event.InvalidReason.WRONG_TYPE, "eventId must be a string", "t-0@1", MAX_DEAD_LETTER);
        assertThat(fits.truncated()).isFalse();
        assertThat(fits.value()).isEqualTo(value);
        DeadLetter tooBig = DeadLetter.of(null, value, new org.apache.kafka.common.header.internals.RecordHeaders(),
                io.pathstats.common.event.InvalidReason.WRONG_TYPE, "eventId must be a string", "t-0@1", 100);
        assertThat(tooBig.truncated()).isTrue();
    }

    @Test
    void anInputRecordIsCountedOnceHoweverOftenItIsProcessed() {
        FirstSight seen = new FirstSight();
        assertThat(seen.firstTime("t", 0, 5)).isTrue();
        assertThat(seen.firstTime("t", 0, 3)).as("a replay of earlier offsets").isFalse();
        assertThat(seen.firstTime("t", 0, 5)).isFalse();
        assertThat(seen.firstTime("t", 1, 3)).as("another partition").isTrue();
        assertThat(seen.firstTime("t", 0, 6)).isTrue();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(TrafficEvent e) {
        return EventRow.key(EventRow.encode(e));
    }
}
