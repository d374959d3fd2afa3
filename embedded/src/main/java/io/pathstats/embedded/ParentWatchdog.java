package io.pathstats.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A small shell process that stops a detached server once the JVM that started it is gone, so that
 * a killed JVM does not leave its PostgreSQL running for good. It checks every second, and signals
 * the server only if the server's pid file still names it (the pid cannot have been reused for
 * another program). A JVM that stops normally closes the server itself and then the watchdog.
 */
final class ParentWatchdog implements AutoCloseable {
    private final Process process;

    private ParentWatchdog(Process process) {
        this.process = process;
    }

    /** Sends {@code signal} to {@code serverPid} when this JVM dies, if {@code pidFile}'s first line is still that pid. */
    static ParentWatchdog guard(long serverPid, Path pidFile, String signal) {
        long parent = ProcessHandle.current().pid();
        String script = "while kill -0 " + parent + " 2>/dev/null; do sleep 1; done; "
                + "[ \"$(head -n 1 '" + pidFile + "' 2>/dev/null)\" = '" + serverPid + "' ] && kill -" + signal + " " + serverPid;
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new ParentWatchdog(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of pid " + serverPid, e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
