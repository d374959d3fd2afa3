package io.pathstats.app;

import io.pathstats.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pathstats} executable: one subcommand per service, standalone mode and the CLI tools. */
@Command(name = "pathstats", mixinStandardHelpOptions = true, version = "pathstats 0.1.0",
        description = "Event-driven path statistics: Kafka -> PostgreSQL -> snapshots -> GET /paths.",
        subcommands = {StandaloneCommand.class, MigrateCommand.class, PipelineCommand.class, QueryApiCommand.class,
                ArchiverCommand.class, ProduceCommand.class, LoadgenCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class PathstatsMain {
    private PathstatsMain() {
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new PathstatsMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("configuration error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
