package io.pathstats.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server still running on our data directory after the process that started it died
 * (kill -9 leaves it behind: PostgreSQL runs detached). It holds the data directory, so a new
 * server cannot start there; it is stopped, fast (its clients are gone with their process), and if
 * it does not go within the grace period, immediately (crash recovery on the next start takes care
 * of the rest, as after a power cut).
 */
final class LeftoverPostmaster {
    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
    private static final Duration FAST = Duration.ofSeconds(10);
    private static final Duration IMMEDIATE = Duration.ofSeconds(10);

    private LeftoverPostmaster() {
    }

    /** The postmaster's pid from {@code postmaster.pid}, if a PostgreSQL process by that pid is alive. */
    static Optional<ProcessHandle> find(Path pgdata) {
        Path pidFile = pgdata.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops a leftover server on {@code pgdata}, if there is one; returns whether there was. */
    static boolean stopIfRunning(Path pgdata) {
        Optional<ProcessHandle> leftover = find(pgdata);
        if (leftover.isEmpty()) {
            return false;
        }
        ProcessHandle postmaster = leftover.get();
        log.info("stopping the PostgreSQL server (pid {}) that a previous run left on {}", postmaster.pid(), pgdata);
        signal(postmaster, "INT"); // fast shutdown: ends sessions, checkpoints, exits
        if (!exited(postmaster, FAST)) {
            log.warn("PostgreSQL (pid {}) did not stop within {} s; stopping it immediately", postmaster.pid(), FAST.toSeconds());
            signal(postmaster, "QUIT");
            if (!exited(postmaster, IMMEDIATE)) {
                throw new IllegalStateException("PostgreSQL (pid " + postmaster.pid() + ") on " + pgdata
                        + " does not stop; stop it by hand (kill " + postmaster.pid() + ") and start again");
            }
        }
        return true;
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal PostgreSQL (pid " + process.pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean exited(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }
}
