package io.pathstats.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real S3-protocol server (S3Proxy) in this JVM, reached through the AWS SDK exactly as MinIO is. */
public final class EmbeddedS3Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);

    private final S3Proxy proxy;
    private final URI endpoint;

    private EmbeddedS3Server(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** @param storeDir objects are kept there; null keeps them in memory (tests). */
    public static EmbeddedS3Server start(Path storeDir, int port, String accessKey, String secretKey) {
        try {
            BlobStore store;
            if (storeDir == null) {
                store = new TransientNio2BlobStore();
            } else {
                Files.createDirectories(storeDir);
                store = new FilesystemNio2BlobStore(storeDir.toString());
            }
            int bound = port == 0 ? FreePorts.pick() : port;
            URI endpoint = URI.create("http://127.0.0.1:" + bound);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!"STARTED".equals(proxy.getState())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(20);
            }
            log.info("S3 server started on {} ({})", endpoint, storeDir == null ? "in memory" : "objects in " + storeDir);
            return new EmbeddedS3Server(proxy, endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting S3Proxy", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
