package io.pathstats.testing;

import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.config.Settings;
import io.pathstats.embedded.DataDirectories;
import io.pathstats.embedded.EmbeddedKafkaBroker;
import io.pathstats.embedded.EmbeddedPostgresServer;
import io.pathstats.embedded.EmbeddedS3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Real servers shared by every test of a JVM, each started on first use: a Kafka broker, a
 * PostgreSQL server (or the one named by {@code PATHSTATS_TEST_DB_URL}) and an S3 server. Tests
 * never share state: each asks for its own database, topic names and bucket.
 */
public final class SharedInfrastructure {
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Servers started so far, closed in reverse order when the JVM exits. */
    private static final Deque<AutoCloseable> STARTED = new ConcurrentLinkedDeque<>();
    private static final Path ROOT = createRoot();

    private SharedInfrastructure() {
    }

    /**
     * The servers' files (PostgreSQL's binaries and data, the broker's log: ~60 MB) live under one
     * temporary directory, removed once the servers are closed at exit, so that repeated test runs
     * do not fill the disk.
     */
    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("pathstats-test-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (AutoCloseable server = STARTED.pollLast(); server != null; server = STARTED.pollLast()) {
                    try {
                        server.close();
                    } catch (Exception ignored) {
                        // the JVM is going away; close the others and remove what we can
                    }
                }
                try {
                    DataDirectories.delete(root);
                } catch (IOException | UncheckedIOException ignored) {
                    // best effort at exit: a file that cannot be removed stays in the temporary directory
                }
            }));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Kafka {
        static final EmbeddedKafkaBroker BROKER = closeAtExit(EmbeddedKafkaBroker.start(ROOT.resolve("kafka"), 0));
    }

    private static final class Postgres {
        static final EmbeddedPostgresServer SERVER = System.getenv(Settings.TEST_DB_URL) == null
                ? closeAtExit(EmbeddedPostgresServer.start(ROOT.resolve("postgres"), 0, false, true))
                : null;
    }

    private static final class S3 {
        static final EmbeddedS3Server SERVER = closeAtExit(EmbeddedS3Server.start(null, 0, ACCESS_KEY, SECRET_KEY));
    }

    private static <T extends AutoCloseable> T closeAtExit(T server) {
        STARTED.add(server);
        return server;
    }

    public static String kafkaBootstrap() {
        return Kafka.BROKER.bootstrapServers();
    }

    public static EmbeddedPostgresServer embeddedPostgres() {
        return Postgres.SERVER;
    }

    /**
     * Fresh topics {@code <base>}, {@code <base>-dlq} and {@code <base>-valid} with the given partitions,
     * returned once every partition has a leader: Kafka 4.4 can drop an idempotent producer's first
     * batch to a partition the broker has not finished creating (KAFKA-15591, fixed in 4.5).
     */
    /** Whether every partition has a leader; false while the broker does not know a topic it has just created yet. */
    private static boolean allHaveLeaders(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    public static KafkaSettings newTopics(int partitions) {
        KafkaSettings settings = new KafkaSettings(kafkaBootstrap(), uniqueName("events"));
        List<String> names = List.of(settings.topic(), settings.dlqTopic(), settings.validTopic());
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!allHaveLeaders(admin, names)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("test topics without leaders after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating test topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create test topics", e);
        }
        return settings;
    }

    /** A new, empty database (schema not applied) on the shared server. */
    public static DbSettings newDatabase() {
        String name = uniqueName("db").replace('-', '_');
        String external = System.getenv(Settings.TEST_DB_URL);
        if (external == null) {
            Postgres.SERVER.ensureDatabase(name);
            return new DbSettings(Postgres.SERVER.jdbcUrl(name), EmbeddedPostgresServer.SUPERUSER, "", 8);
        }
        String user = System.getenv().getOrDefault(Settings.TEST_DB_USER, "postgres");
        String password = System.getenv().getOrDefault(Settings.TEST_DB_PASSWORD, "");
        try (Connection c = DriverManager.getConnection(external, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database on " + external, e);
        }
        String base = external.substring(0, external.lastIndexOf('/') + 1);
        return new DbSettings(base + name, user, password, 8);
    }

    /** S3 settings with a new bucket name (the bucket is not created). */
    public static S3Settings newBucket() {
        return new S3Settings(S3.SERVER.endpoint(), uniqueName("bucket"), ACCESS_KEY, SECRET_KEY, "us-east-1");
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36).toLowerCase(Locale.ROOT);
    }
}
