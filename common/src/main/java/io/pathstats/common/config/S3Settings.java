package io.pathstats.common.config;

import java.net.URI;

/** An S3-compatible object store (MinIO, S3Proxy, AWS). */
public record S3Settings(URI endpoint, String bucket, String accessKey, String secretKey, String region) {
    public S3Settings {
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException(Settings.S3_BUCKET + "=" + bucket + " is not a valid bucket name (3-63 of a-z 0-9 . -)");
        }
    }

    public static S3Settings fromEnv(Env env) {
        return new S3Settings(env.uri(Settings.S3_ENDPOINT, "http://127.0.0.1:9000"),
                env.string(Settings.S3_BUCKET, "pathstats-archive"),
                env.secret(Settings.S3_ACCESS_KEY, "pathstats"),
                env.secret(Settings.S3_SECRET_KEY, "pathstats-secret"),
                env.string(Settings.S3_REGION, "us-east-1"));
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
}
