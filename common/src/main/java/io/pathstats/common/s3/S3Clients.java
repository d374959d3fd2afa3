package io.pathstats.common.s3;

import io.pathstats.common.config.S3Settings;
import io.pathstats.common.ops.HealthCheck;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** S3 clients configured the way MinIO-style servers need them. */
public final class S3Clients {
    private S3Clients() {
    }

    public static S3Client create(S3Settings s3) {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .forcePathStyle(true)
                // SDK >= 2.30 adds checksums by default that many S3-compatible servers reject
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static void ensureBucket(S3Client client, String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                client.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // another instance created it first
            }
        }
    }

    public static HealthCheck healthCheck(S3Client client, String bucket) {
        return HealthCheck.of("s3", () -> {
            try {
                client.headBucket(b -> b.bucket(bucket));
                return HealthCheck.Status.up("bucket " + bucket + " reachable");
            } catch (RuntimeException e) {
                return HealthCheck.Status.down(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        });
    }
}
