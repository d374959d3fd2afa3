package io.pathstats.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks ports the OS says are free, for servers whose config needs a port number before they bind. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port p with p + 1 free as well, for a broker given one port (standalone binds its KRaft
     * controller to the next one).
     */
    public static int pickAdjacentPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = pick();
            if (p < 65535) {
                try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                     ServerSocket b = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no two adjacent free ports found on loopback");
    }

    public static int pick() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
