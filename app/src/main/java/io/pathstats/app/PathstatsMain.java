package io.pathstats.app;

import io.pathstats.common.config.ConfigException;
import io.pathstats.common.ops.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The {@code pathstats} executable: one subcommand per service, standalone mode and the CLI tools. */
// every subcommand inherits --help and --version
@Command(name = "pathstats", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = PathstatsMain.Version.class,
        description = "Event-driven path statistics: Kafka -> PostgreSQL -> snapshots -> GET /paths.",
        subcommands = {StandaloneCommand.class, MigrateCommand.class, PipelineCommand.class, QueryApiCommand.class, IngestCommand.class,
                ArchiverCommand.class, ProduceCommand.class, LoadgenCommand.class, JobsCommand.class, ArchiveCommand.class,
                ReaggregateCommand.class, HealthCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class PathstatsMain {
    private PathstatsMain() {
    }

    /** {@code --version}: the build's version, as {@code pathstats_build_info} reports it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pathstats " + BuildInfo.VERSION};
        }
    }

    /** The message and the innermost cause, e.g. "cannot connect ...: Connection refused". */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null || message.contains(root.getMessage()) ? message : message + ": " + root.getMessage();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: configuration errors exit 2, others 1 with one line to act on. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PathstatsMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("configuration error: " + e.getMessage());
                return 2;
            }
            // one line an operator can act on; PATHSTATS_LOG_LEVEL=DEBUG adds the stack trace
            cmd.getErr().println("error: " + describe(e));
            if ("DEBUG".equalsIgnoreCase(System.getenv("PATHSTATS_LOG_LEVEL"))) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli;
    }
}
