package io.pathstats.pipeline.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who this pipeline instance is, across restarts: a name chosen once and kept in its data
 * directory. Its Kafka clients carry it (static group membership, transactional ids, client ids), so
 * a restarted instance takes over its predecessor's group memberships and fences its unfinished
 * transactions at once, instead of waiting out their timeouts; and metrics keep their labels.
 * Two running instances must not share a data directory (a copied one needs this file removed).
 */
public record InstanceId(String value) {
    private static final String FILE = "instance-id";

    public InstanceId {
        if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("instance id must be 1-64 of A-Z a-z 0-9 . _ -, was '" + value + "'");
        }
    }

    /** The id kept under {@code dir}, created on first use. */
    public static InstanceId of(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return new InstanceId(Files.readString(file, StandardCharsets.US_ASCII).trim());
            }
            Files.createDirectories(dir);
            InstanceId id = new InstanceId("i" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.writeString(tmp, id.value() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the pipeline's instance id in " + file, e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
