package dev.warden.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.SessionStatus;
import dev.warden.sandbox.testing.AwsCli;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official AWS CLI v2 against the sandbox, run as a user would, for every SSM call the sandbox serves,
 * including error exit codes, and {@code aws ssm start-session} up to the hand-off to the plugin (a fake
 * {@code session-manager-plugin} first on PATH records what the CLI gives it).
 *
 * <p>The CLI is required: install the Debian package {@code awscli} (CI installs it). A missing CLI fails
 * these tests rather than skipping them.
 */
class AwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB_PROD = "i-0a1b2c3d4e5f60001";

    @TempDir
    static Path temp;

    private static SandboxFixture sandbox;
    private static AwsCli cli;
    private static Map<String, String> alice;

    @BeforeAll
    static void start() throws IOException {
        Path executable = AwsCli.findVersion2().orElse(null);
        if (executable == null) {
            fail("The AWS CLI v2 ('aws --version' printing aws-cli/2.x) was not found on PATH. Install the Debian"
                    + " package awscli (apt-get install awscli); CI installs it. These tests do not skip.");
        }
        sandbox = new SandboxFixture();
        cli = AwsCli.create(executable, temp.resolve("home"));
        alice = Map.of("AWS_ACCESS_KEY_ID", SandboxFixture.ALICE.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", SandboxFixture.ALICE.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void describeInstanceInformationPagesThroughTheFleetAndFilters() throws Exception {
        JsonNode all = ok("ssm", "describe-instance-information", "--page-size", "5");
        assertThat(ids(all.path("InstanceInformationList"), "InstanceId")).hasSize(6).contains(WEB_PROD,
                "mi-0a1b2c3d4e5f60006");
        assertThat(all.path("InstanceInformationList").get(0).path("PingStatus").asText()).isEqualTo("Online");
        assertThat(all.path("InstanceInformationList").get(0).path("LastPingDateTime").asText()).isNotEmpty();

        JsonNode prod = ok("ssm", "describe-instance-information", "--filters", "Key=tag:Environment,Values=prod");
        assertThat(ids(prod.path("InstanceInformationList"), "InstanceId"))
                .containsExactly(WEB_PROD, "i-0a1b2c3d4e5f60002");
    }

    @Test
    void startSessionHandsTheSandboxesResponseToThePlugin() throws Exception {
        Path pluginDir = fakePlugin(temp.resolve("plugin"));

        AwsCli.Result r = cli.run(alice, pluginDir, false, "--endpoint-url", sandbox.endpoint().toString(),
                "--region", "us-east-1", "ssm", "start-session", "--target", WEB_PROD, "--document-name",
                "AWS-StartPortForwardingSession", "--parameters", "portNumber=22,localPortNumber=2222",
                "--reason", "cli test");
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        List<String> argv = readArgs(pluginDir.resolve("invocation.args"));
        assertThat(argv).hasSize(6);
        String env = Files.readString(pluginDir.resolve("invocation.env"));
        // Newer CLIs pass the response in AWS_SSM_START_SESSION_RESPONSE and name it in argv[1]; 2.9 passes JSON.
        JsonNode response = JSON.readTree(argv.get(0).startsWith("AWS_SSM_START_SESSION_RESPONSE") ? env : argv.get(0));
        String sessionId = response.path("SessionId").asText();
        SessionSnapshot session = sandbox.server().sessions().find(sessionId).orElseThrow();
        assertThat(session.target()).isEqualTo(WEB_PROD);
        assertThat(session.reason()).isEqualTo("cli test");
        assertThat(session.document().parameters()).containsEntry("localPortNumber", List.of("2222"));
        assertThat(sandbox.server().sessions().isValidToken(sessionId, response.path("TokenValue").asText())).isTrue();
        URI streamUrl = URI.create(response.path("StreamUrl").asText());
        assertThat(streamUrl.getPort()).isEqualTo(sandbox.endpoint().getPort());
        assertThat(streamUrl.getRawPath()).isEqualTo("/v1/data-channel/" + sessionId);
        assertThat(argv.get(1)).isEqualTo("us-east-1");
        assertThat(argv.get(2)).isEqualTo("StartSession");
        assertThat(argv.get(3)).as("no --profile given").isEmpty();
        JsonNode request = JSON.readTree(argv.get(4));
        assertThat(request.path("Target").asText()).isEqualTo(WEB_PROD);
        assertThat(request.path("DocumentName").asText()).isEqualTo("AWS-StartPortForwardingSession");
        assertThat(argv.get(5)).isEqualTo(sandbox.endpoint().toString());
    }

    @Test
    void withoutThePluginTheCliTerminatesTheSessionItStarted() throws Exception {
        Path onlyAws = Files.createDirectories(temp.resolve("only-aws"));
        Files.createSymbolicLink(onlyAws.resolve("aws"), AwsCli.findVersion2().orElseThrow().toRealPath());

        AwsCli.Result r = cli.run(alice, onlyAws, true, "--endpoint-url", sandbox.endpoint().toString(),
                "--region", "us-east-1", "ssm", "start-session", "--target", "i-0a1b2c3d4e5f60003");

        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("SessionManagerPlugin is not found");
        List<SessionSnapshot> onTarget = sandbox.server().sessions().all().stream()
                .filter(s -> s.target().equals("i-0a1b2c3d4e5f60003")).toList();
        assertThat(onTarget).hasSize(1);
        assertThat(onTarget.get(0).status()).isEqualTo(SessionStatus.Terminated);
    }

    @Test
    void sessionsCanBeResumedTerminatedAndDescribed() throws Exception {
        String id = startViaApi();

        JsonNode resumed = ok("ssm", "resume-session", "--session-id", id);
        assertThat(resumed.path("SessionId").asText()).isEqualTo(id);
        assertThat(resumed.path("TokenValue").asText()).isNotEmpty();
        assertThat(resumed.path("StreamUrl").asText()).contains("cell-number=");

        JsonNode active = ok("ssm", "describe-sessions", "--state", "Active", "--filters", "key=SessionId,value=" + id);
        assertThat(active.path("Sessions").get(0).path("Status").asText()).isEqualTo("Connecting");
        assertThat(active.path("Sessions").get(0).path("Owner").asText())
                .isEqualTo("arn:aws:iam::123456789012:user/alice");

        assertThat(ok("ssm", "terminate-session", "--session-id", id).path("SessionId").asText()).isEqualTo(id);

        JsonNode history = ok("ssm", "describe-sessions", "--state", "History", "--filters",
                "key=SessionId,value=" + id);
        JsonNode s = history.path("Sessions").get(0);
        assertThat(s.path("Status").asText()).isEqualTo("Terminated");
        assertThat(s.path("EndDate").asText()).isNotEmpty();
        JsonNode timedOut = ok("ssm", "resume-session", "--session-id", id);
        assertThat(timedOut.has("TokenValue")).isFalse();
    }

    @Test
    void documentsCanBeReadCreatedUpdatedAndListed() throws Exception {
        JsonNode prefs = ok("ssm", "get-document", "--name", "SSM-SessionManagerRunShell");
        assertThat(JSON.readTree(prefs.path("Content").asText()).path("inputs").path("idleSessionTimeout").asText())
                .isEqualTo("20");
        JsonNode described = ok("ssm", "describe-document", "--name", "AWS-StartSSHSession");
        assertThat(described.path("Document").path("Owner").asText()).isEqualTo("Amazon");

        Path content = temp.resolve("tier-shell.json");
        Files.writeString(content, "{\"schemaVersion\":\"1.0\",\"description\":\"Tier shell\","
                + "\"sessionType\":\"Standard_Stream\",\"inputs\":{\"idleSessionTimeout\":\"10\"}}");
        JsonNode created = ok("ssm", "create-document", "--name", "Tier-Shell", "--document-type", "Session",
                "--content", "file://" + content);
        assertThat(created.path("DocumentDescription").path("DocumentVersion").asText()).isEqualTo("1");

        Files.writeString(content, Files.readString(content).replace("\"10\"", "\"5\""));
        JsonNode updated = ok("ssm", "update-document", "--name", "Tier-Shell", "--document-version", "$LATEST",
                "--content", "file://" + content);
        assertThat(updated.path("DocumentDescription").path("LatestVersion").asText()).isEqualTo("2");
        assertThat(updated.path("DocumentDescription").path("DefaultVersion").asText()).isEqualTo("1");

        JsonNode defaulted = ok("ssm", "update-document-default-version", "--name", "Tier-Shell",
                "--document-version", "2");
        assertThat(defaulted.path("Description").path("DefaultVersion").asText()).isEqualTo("2");

        JsonNode mine = ok("ssm", "list-documents", "--filters", "Key=Owner,Values=Self",
                "Key=DocumentType,Values=Session");
        assertThat(ids(mine.path("DocumentIdentifiers"), "Name")).containsExactlyInAnyOrder("Tier-Shell",
                "SSM-SessionManagerRunShell");
    }

    @Test
    void instanceTagsCanBeManaged() throws Exception {
        String id = "i-0a1b2c3d4e5f60005";
        ok("ssm", "add-tags-to-resource", "--resource-type", "ManagedInstance", "--resource-id", id,
                "--tags", "Key=Owner,Value=team-b");
        JsonNode tags = ok("ssm", "list-tags-for-resource", "--resource-type", "ManagedInstance", "--resource-id", id);
        assertThat(ids(tags.path("TagList"), "Key")).contains("Owner", "Environment", "Name");
        ok("ssm", "remove-tags-from-resource", "--resource-type", "ManagedInstance", "--resource-id", id,
                "--tag-keys", "Owner");
        assertThat(ids(ok("ssm", "list-tags-for-resource", "--resource-type", "ManagedInstance", "--resource-id", id)
                .path("TagList"), "Key")).doesNotContain("Owner");
    }

    @Test
    void serviceErrorsExitWith254AndNameTheAwsErrorCode() {
        assertServiceError(alice, "InvalidDocument", "GetDocument",
                "ssm", "get-document", "--name", "No-Such-Doc");
        assertServiceError(alice, "TargetNotConnected", "StartSession",
                "ssm", "start-session", "--target", "i-0a1b2c3d4e5f60004");
        assertServiceError(alice, "DoesNotExistException", "ResumeSession",
                "ssm", "resume-session", "--session-id", "alice-00000000000000000");
        assertServiceError(alice, "InvalidParameters", "StartSession", "ssm", "start-session", "--target", WEB_PROD,
                "--document-name", "AWS-StartPortForwardingSessionToRemoteHost");
        assertServiceError(alice, "InvalidResourceId", "ListTagsForResource",
                "ssm", "list-tags-for-resource", "--resource-type", "ManagedInstance", "--resource-id",
                "i-0ffffffffffffffff");
        assertServiceError(Map.of("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNEXAMPLE00", "AWS_SECRET_ACCESS_KEY", "x"),
                "UnrecognizedClientException", "DescribeInstanceInformation", "ssm", "describe-instance-information");
        assertServiceError(Map.of("AWS_ACCESS_KEY_ID", SandboxFixture.ALICE.accessKeyId(),
                        "AWS_SECRET_ACCESS_KEY", "wrong"), "InvalidSignatureException", "DescribeSessions",
                "ssm", "describe-sessions", "--state", "Active");
    }

    @Test
    void anUnreachableEndpointExitsWith255() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AwsCli.Result r = cli.run(alice, null, false, "--endpoint-url", "http://127.0.0.1:" + closedPort,
                "--region", "us-east-1", "--cli-connect-timeout", "2", "ssm", "describe-instance-information");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("Could not connect to the endpoint URL");
    }

    private static String startViaApi() {
        try (var ssm = sandbox.ssm()) {
            return ssm.startSession(b -> b.target(WEB_PROD)).sessionId();
        }
    }

    private static JsonNode ok(String... args) throws IOException {
        AwsCli.Result r = cli.run(alice, null, false, withGlobals(args));
        assertThat(r.exitCode()).as("aws %s\nstderr: %s", String.join(" ", args), r.stderr()).isZero();
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }

    private static void assertServiceError(Map<String, String> credentials, String code, String operation,
                                           String... args) {
        AwsCli.Result r = cli.run(credentials, null, false, withGlobals(args));
        assertThat(r.exitCode()).as("aws %s\nstderr: %s", String.join(" ", args), r.stderr()).isEqualTo(254);
        assertThat(r.stderr()).contains("An error occurred (" + code + ") when calling the " + operation + " operation");
    }

    private static String[] withGlobals(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", sandbox.endpoint().toString(), "--region",
                "us-east-1", "--output", "json"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static List<String> ids(JsonNode list, String field) {
        List<String> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.path(field).asText()));
        return ids;
    }

    /**
     * A stand-in for session-manager-plugin: prints a version for --version (newer CLIs check it against
     * ^\d+(\.\d+){0,3}$), otherwise records its arguments and AWS_SSM_START_SESSION_RESPONSE and exits 0.
     */
    private static Path fakePlugin(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("session-manager-plugin");
        Files.writeString(script, """
                #!/bin/sh
                if [ "$#" -eq 1 ] && [ "$1" = "--version" ]; then echo "1.2.677.0"; exit 0; fi
                out="$(dirname "$0")/invocation"
                : > "$out.args"
                for a in "$@"; do printf '%s\\0' "$a" >> "$out.args"; done
                printf '%s' "${AWS_SSM_START_SESSION_RESPONSE:-}" > "$out.env"
                exit 0
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static List<String> readArgs(Path file) throws IOException {
        String all = Files.readString(file, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(all.split("\0", -1)));
        args.remove(args.size() - 1);
        return args;
    }
}
