package io.pathstats.common.config;


/** Where the broker is and what the topics are called; the DLQ and the clean topic derive from the input. */
public record KafkaSettings(String bootstrap, String topic) {
    public KafkaSettings {
        if (bootstrap.isBlank()) {
            throw new ConfigException(Settings.KAFKA_BOOTSTRAP + " is empty; set host:port of a Kafka broker");
        }
        if (!topic.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new ConfigException(Settings.TOPIC + "=" + topic + " is not a valid Kafka topic name");
        }
    }

    public static KafkaSettings fromEnv(Env env) {
        return new KafkaSettings(env.string(Settings.KAFKA_BOOTSTRAP, "127.0.0.1:9092"),
                env.string(Settings.TOPIC, "traffic-events"));
    }

    public String dlqTopic() {
        return topic + "-dlq";
    }

    /** Validated, normalised events; written by the Streams app and read by the PostgreSQL writers. */
    public String validTopic() {
        return topic + "-valid";
    }
}
