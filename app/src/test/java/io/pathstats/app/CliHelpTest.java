package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Settings;
import io.pathstats.embedded.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** {@code --help} on every command and subcommand exits 0 and lists the command's own options; bad arguments are refused. */
class CliHelpTest {
    @Test
    void everyCommandAnswersHelpWithItsOptions() {
        List<List<String>> paths = new ArrayList<>();
        collect(PathstatsMain.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).as("every command of the tree").hasSizeGreaterThan(15);
        for (List<String> path : paths) {
            CommandLine cli = PathstatsMain.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(new StringWriter()));
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            int exit = cli.execute(args.toArray(new String[0]));
            assertThat(exit).as(String.join(" ", args)).isZero();
            CommandLine target = cli;
            for (String name : path) {
                target = target.getSubcommands().get(name);
            }
            assertThat(out.toString()).as(String.join(" ", args)).contains("--help");
            for (OptionSpec option : target.getCommandSpec().options()) {
                assertThat(out.toString()).as(String.join(" ", args)).contains(option.longestName());
            }
        }
    }

    @Test
    void benchIngestHelpShowsItsOptions() {
        CommandLine cli = PathstatsMain.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("bench", "ingest", "--help")).isZero();
        assertThat(out.toString()).contains("--events").contains("--duplicates").contains("--urls");
    }

    @Test
    void loadgenRefusesARateOrDurationThatIsNotOne() {
        for (String[] args : new String[][] {{"loadgen", "--rate", "-5"}, {"loadgen", "--rate", "0"}, {"loadgen", "--duration", "0s"}}) {
            CommandLine cli = PathstatsMain.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains("configuration error").contains(args[1]);
        }
    }

    @Test
    void jobsWithoutAReachableAdminApiNameTheUrlTriedAndTheSettingThatSetsIt() {
        String url = "http://127.0.0.1:" + FreePorts.pick();
        JobsCommand.AdminClient client = new JobsCommand.AdminClient(url, "", HttpClient.newHttpClient());
        assertThatThrownBy(() -> client.get("/admin/jobs")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(url + "/admin/jobs").hasMessageContaining(Settings.ARCHIVER_URL);
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias: its command is visited under its own name
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }
}
