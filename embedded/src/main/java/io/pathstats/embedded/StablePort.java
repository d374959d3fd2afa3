package io.pathstats.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port chosen once for a server whose data lives in a directory, and kept in a file beside the
 * data: the server listens on the same port after every restart, so clients started beside it
 * (the CLI, dashboards, psql) find it without being told again.
 */
public final class StablePort {
    private static final Logger log = LoggerFactory.getLogger(StablePort.class);

    private StablePort() {
    }

    /** The port recorded in {@code file}; a new free one (then recorded) when there is none or it is taken. */
    public static int of(Path file) {
        try {
            Integer recorded = read(file);
            if (recorded != null && isFree(recorded)) {
                return recorded;
            }
            int port = FreePorts.pick();
            if (recorded != null) {
                log.warn("port {} recorded in {} is taken by another program; using {} from now on", recorded, file, port);
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, port + "\n", StandardCharsets.US_ASCII);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the server's port in " + file, e);
        }
    }

    /** The port recorded in {@code file}, or null. */
    public static Integer read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Integer.valueOf(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
