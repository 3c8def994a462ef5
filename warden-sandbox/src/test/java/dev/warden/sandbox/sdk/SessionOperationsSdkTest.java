package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.session.SessionListener;
import dev.warden.sandbox.session.SessionSnapshot;
import dev.warden.sandbox.session.SessionStatus;
import dev.warden.sandbox.session.Termination;
import dev.warden.sandbox.session.TerminationCause;
import dev.warden.sandbox.testing.SandboxFixture;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeSessionsResponse;
import software.amazon.awssdk.services.ssm.model.DoesNotExistException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.InvalidParametersException;
import software.amazon.awssdk.services.ssm.model.ResumeSessionResponse;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.StartSessionResponse;
import software.amazon.awssdk.services.ssm.model.TargetNotConnectedException;

/** StartSession, ResumeSession, TerminateSession and DescribeSessions through the AWS SDK for Java. */
class SessionOperationsSdkTest {

    private static final String WEB_PROD = "i-0a1b2c3d4e5f60001";
    private static final String DB_PROD = "i-0a1b2c3d4e5f60002";
    private static final String OFFLINE = "i-0a1b2c3d4e5f60004";
    private static final String HYBRID = "mi-0a1b2c3d4e5f60006";

    private static SandboxFixture sandbox;
    private static SsmClient alice;
    private static SsmClient bob;
    private static final List<String> terminated = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture();
        alice = sandbox.ssm();
        bob = sandbox.ssm(SandboxFixture.BOB);
        sandbox.server().sessions().addListener(new SessionListener() {
            @Override
            public void onTerminated(SessionSnapshot session, Termination termination) {
                terminated.add(session.sessionId() + ":" + termination.cause());
            }
        });
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
        sandbox.close();
    }

    @Test
    void startSessionReturnsAnAwsShapedIdTokenAndStreamUrl() {
        StartSessionResponse r = alice.startSession(b -> b.target(WEB_PROD));

        assertThat(r.sessionId()).matches("alice-[0-9a-f]{17}");
        assertThat(r.tokenValue()).isNotBlank().hasSizeLessThanOrEqualTo(300);
        URI url = URI.create(r.streamUrl());
        assertThat(url.getScheme()).isEqualTo("ws");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isEqualTo(sandbox.endpoint().getPort());
        assertThat(url.getRawPath()).isEqualTo("/v1/data-channel/" + r.sessionId());
        assertThat(url.getRawQuery()).startsWith("role=publish_subscribe&cell-number=");
        String cell = url.getRawQuery().substring("role=publish_subscribe&cell-number=".length());
        assertThat(Base64.getDecoder().decode(cell)).hasSize(16);
        assertThat(sandbox.server().sessions().isValidToken(r.sessionId(), r.tokenValue())).isTrue();
    }

    @Test
    void theDefaultDocumentIsTheShellWithThePreferences() {
        String id = alice.startSession(b -> b.target(WEB_PROD)).sessionId();

        SessionSnapshot s = sandbox.server().sessions().find(id).orElseThrow();
        assertThat(s.document().name()).isEqualTo("SSM-SessionManagerRunShell");
        assertThat(s.document().sessionType()).isEqualTo("Standard_Stream");
        assertThat(s.preferences().idleTimeout()).hasMinutes(20);
        assertThat(s.preferences().maxDurationLimit()).isEmpty();
        assertThat(s.status()).isEqualTo(SessionStatus.Connecting);
        assertThat(s.owner().arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    }

    @Test
    void portForwardingParametersAreValidatedDefaultedAndSubstituted() {
        String id = alice.startSession(b -> b.target(DB_PROD).documentName("AWS-StartPortForwardingSession")
                .parameters(Map.of("portNumber", List.of("5432")))).sessionId();

        SessionSnapshot s = sandbox.server().sessions().find(id).orElseThrow();
        assertThat(s.document().sessionType()).isEqualTo("Port");
        assertThat(s.document().parameters()).containsEntry("portNumber", List.of("5432"))
                .containsEntry("localPortNumber", List.of("0"));
        assertThat(s.document().properties().toString())
                .isEqualTo("{\"portNumber\":\"5432\",\"type\":\"LocalPortForwarding\",\"localPortNumber\":\"0\"}");
    }

    @Test
    void remoteHostSshAndCommandDocumentsStart() {
        String remote = alice.startSession(b -> b.target(DB_PROD)
                .documentName("AWS-StartPortForwardingSessionToRemoteHost")
                .parameters(Map.of("host", List.of("db.internal"), "portNumber", List.of("5432")))).sessionId();
        String ssh = alice.startSession(b -> b.target(WEB_PROD).documentName("AWS-StartSSHSession")
                .parameters(Map.of("portNumber", List.of("22")))).sessionId();
        String command = alice.startSession(b -> b.target(HYBRID).documentName("AWS-StartInteractiveCommand")
                .parameters(Map.of("command", List.of("top")))).sessionId();
        String nonInteractive = alice.startSession(b -> b.target(HYBRID)
                .documentName("arn:aws:ssm:us-east-1::document/AWS-StartNonInteractiveCommand")
                .parameters(Map.of("command", List.of("uptime")))).sessionId();

        var sessions = sandbox.server().sessions();
        assertThat(sessions.find(remote).orElseThrow().document().properties().path("host").asText())
                .isEqualTo("db.internal");
        assertThat(sessions.find(ssh).orElseThrow().document().properties().toString())
                .isEqualTo("{\"portNumber\":\"22\"}");
        assertThat(sessions.find(command).orElseThrow().document().properties().path("linux").path("commands").asText())
                .isEqualTo("top");
        assertThat(sessions.find(nonInteractive).orElseThrow().document().sessionType())
                .isEqualTo("NonInteractiveCommands");
        assertThat(sandbox.server().fleet().find(DB_PROD).orElseThrow()
                .destinationFor(java.util.Optional.of("db.internal"), 5432).orElseThrow().port()).isEqualTo(5432);
    }

    @Test
    void badParametersAreInvalidParametersWithAwsWording() {
        assertThatThrownBy(() -> alice.startSession(b -> b.target(DB_PROD)
                .documentName("AWS-StartPortForwardingSessionToRemoteHost")
                .parameters(Map.of("host", List.of("db;rm -rf"), "portNumber", List.of("5432")))))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameters");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Parameter \"host\" has value \"db;rm -rf\""
                            + " not matching \"");
                });
        assertThatThrownBy(() -> alice.startSession(b -> b.target(DB_PROD)
                .documentName("AWS-StartPortForwardingSession").parameters(Map.of("portNumber", List.of("99999")))))
                .isInstanceOf(InvalidParametersException.class);
        assertThatThrownBy(() -> alice.startSession(b -> b.target(DB_PROD)
                .documentName("AWS-StartPortForwardingSession").parameters(Map.of("bogus", List.of("1")))))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("\"bogus\"");
        assertThatThrownBy(() -> alice.startSession(b -> b.target(DB_PROD)
                .documentName("AWS-StartPortForwardingSessionToRemoteHost")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("\"host\" is required");
        assertThatThrownBy(() -> alice.startSession(b -> b.target(WEB_PROD)
                .parameters(Map.of("portNumber", List.of("22")))))
                .isInstanceOf(InvalidParametersException.class);
    }

    @Test
    void unknownAndNonSessionDocumentsAreInvalidDocument() {
        assertThatThrownBy(() -> alice.startSession(b -> b.target(WEB_PROD).documentName("No-Such-Document")))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDocument");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Document with name No-Such-Document does"
                            + " not exist.");
                });
        alice.createDocument(b -> b.name("Run-Something").documentType("Command")
                .content("{\"schemaVersion\":\"2.2\",\"description\":\"x\",\"mainSteps\":[]}"));
        assertThatThrownBy(() -> alice.startSession(b -> b.target(WEB_PROD).documentName("Run-Something")))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("type Session");
    }

    @Test
    void offlineOrUnknownTargetsAreNotConnected() {
        for (String target : List.of(OFFLINE, "i-0ffffffffffffffff", "not-an-instance")) {
            assertThatThrownBy(() -> alice.startSession(b -> b.target(target)))
                    .isInstanceOfSatisfying(TargetNotConnectedException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TargetNotConnected");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(target + " is not connected.");
                    });
        }
    }

    @Test
    void modelConstraintsAreValidationExceptions() {
        assertThatThrownBy(() -> alice.startSession(b -> b.target("i-" + "0".repeat(400))))
                .isInstanceOfSatisfying(SsmException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value '")
                            .contains("at 'target' failed to satisfy constraint: Member must have length less than or"
                                    + " equal to 400");
                });
        assertThatThrownBy(() -> alice.startSession(b -> b.target(WEB_PROD).documentName("a b")))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("at 'documentName' failed to satisfy constraint: Member must satisfy regular"
                                + " expression pattern"));
        assertThatThrownBy(() -> alice.startSession(b -> b.target(WEB_PROD).reason("x".repeat(257))))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void resumeIssuesANewTokenAndANewCellNumber() {
        StartSessionResponse start = alice.startSession(b -> b.target(WEB_PROD));

        ResumeSessionResponse resume = alice.resumeSession(b -> b.sessionId(start.sessionId()));

        assertThat(resume.sessionId()).isEqualTo(start.sessionId());
        assertThat(resume.tokenValue()).isNotBlank().isNotEqualTo(start.tokenValue());
        assertThat(resume.streamUrl()).isNotEqualTo(start.streamUrl());
        assertThat(cellNumber(resume.streamUrl())).isNotEqualTo(cellNumber(start.streamUrl()));
        assertThat(URI.create(resume.streamUrl()).getRawPath()).isEqualTo(URI.create(start.streamUrl()).getRawPath());
        var sessions = sandbox.server().sessions();
        assertThat(sessions.isValidToken(start.sessionId(), resume.tokenValue())).isTrue();
        assertThat(sessions.isValidToken(start.sessionId(), start.tokenValue())).isFalse();
    }

    @Test
    void resumingAnEndedSessionAnswersWithoutTokenAndAnUnknownOneDoesNotExist() {
        String id = alice.startSession(b -> b.target(WEB_PROD)).sessionId();
        alice.terminateSession(b -> b.sessionId(id));

        ResumeSessionResponse ended = alice.resumeSession(b -> b.sessionId(id));

        assertThat(ended.sessionId()).isEqualTo(id);
        assertThat(ended.tokenValue()).isNull();
        assertThat(ended.streamUrl()).isNull();
        assertThatThrownBy(() -> alice.resumeSession(b -> b.sessionId("alice-00000000000000000")))
                .isInstanceOfSatisfying(DoesNotExistException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DoesNotExistException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void terminateEndsTheSessionOnceNotifiesTheDataPlaneAndIsIdempotent() {
        StartSessionResponse start = alice.startSession(b -> b.target(WEB_PROD).reason("ticket OPS-1"));

        assertThat(alice.terminateSession(b -> b.sessionId(start.sessionId())).sessionId()).isEqualTo(start.sessionId());
        assertThat(alice.terminateSession(b -> b.sessionId(start.sessionId())).sessionId()).isEqualTo(start.sessionId());
        assertThat(alice.terminateSession(b -> b.sessionId("nobody-00000000000000000")).sessionId())
                .isEqualTo("nobody-00000000000000000");

        assertThat(terminated).containsOnlyOnce(start.sessionId() + ":" + TerminationCause.TERMINATE_SESSION);
        SessionSnapshot s = sandbox.server().sessions().find(start.sessionId()).orElseThrow();
        assertThat(s.status()).isEqualTo(SessionStatus.Terminated);
        assertThat(sandbox.server().sessions().isValidToken(start.sessionId(), start.tokenValue())).isFalse();
        Session history = describe("History", SessionFilter.builder().key("SessionId").value(start.sessionId()).build())
                .get(0);
        assertThat(history.status().toString()).isEqualTo("Terminated");
        assertThat(history.endDate()).isNotNull().isAfterOrEqualTo(history.startDate());
        assertThat(history.reason()).isEqualTo("ticket OPS-1");
        assertThat(history.owner()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    }

    @Test
    void terminateSessionCallsAreCountedPerSession() {
        String once = alice.startSession(b -> b.target(WEB_PROD)).sessionId();
        String twice = alice.startSession(b -> b.target(WEB_PROD)).sessionId();

        alice.terminateSession(b -> b.sessionId(once));
        alice.terminateSession(b -> b.sessionId(twice));
        alice.terminateSession(b -> b.sessionId(twice));

        var calls = sandbox.server().apiCalls();
        assertThat(calls.count("ssm", "TerminateSession", once)).isEqualTo(1);
        assertThat(calls.count("ssm", "TerminateSession", twice)).as("the second call counts, though it changed nothing")
                .isEqualTo(2);
        assertThat(calls.count("ssm", "ResumeSession", once)).isZero();
    }

    @Test
    void describeSessionsReportsAwsFieldsAndFiltersByEachKey() {
        Instant before = sandbox.clock().instant().minusSeconds(1);
        String bobs = bob.startSession(b -> b.target(HYBRID).reason("maintenance")).sessionId();

        Session s = describe("Active", SessionFilter.builder().key("SessionId").value(bobs).build()).get(0);
        assertThat(s.sessionId()).isEqualTo(bobs).startsWith("bob-");
        assertThat(s.target()).isEqualTo(HYBRID);
        assertThat(s.statusAsString()).isEqualTo("Connecting");
        assertThat(s.startDate()).isAfter(before);
        assertThat(s.endDate()).isNull();
        assertThat(s.documentName()).isEqualTo("SSM-SessionManagerRunShell");
        assertThat(s.owner()).isEqualTo("arn:aws:iam::123456789012:user/bob");
        assertThat(s.reason()).isEqualTo("maintenance");
        assertThat(s.outputUrl()).isNotNull();
        assertThat(s.maxSessionDuration()).isNull();
        assertThat(s.accessTypeAsString()).isEqualTo("Standard");

        String owner = "arn:aws:iam::123456789012:user/bob";
        assertThat(ids(describe("Active", filter("Owner", owner)))).contains(bobs).allMatch(id -> id.startsWith("bob-"));
        assertThat(ids(describe("Active", filter("Target", HYBRID)))).contains(bobs);
        assertThat(ids(describe("Active", filter("Status", "Connecting")))).contains(bobs);
        assertThat(ids(describe("Active", filter("Status", "Connected")))).doesNotContain(bobs);
        assertThat(ids(describe("Active", filter("InvokedAfter", before.toString())))).contains(bobs);
        assertThat(ids(describe("Active", filter("InvokedBefore", before.toString())))).doesNotContain(bobs);
        assertThat(ids(describe("Active", filter("InvokedAfter", "2001-01-01T00:00:00Z"), filter("Owner", owner))))
                .contains(bobs);
        assertThat(ids(describe("History", filter("SessionId", bobs)))).isEmpty();
        // A SessionId filter is a lookup; the other filters still apply to what it finds.
        assertThat(ids(describe("Active", filter("SessionId", "bob-00000000000000000")))).isEmpty();
        assertThat(ids(describe("Active", filter("SessionId", bobs), filter("Owner", owner)))).containsExactly(bobs);
        assertThat(ids(describe("Active", filter("SessionId", bobs), filter("Target", WEB_PROD)))).isEmpty();
    }

    @Test
    void describeSessionsPagesWithNextToken() {
        for (int i = 0; i < 3; i++) {
            bob.startSession(b -> b.target(WEB_PROD).reason("paging"));
        }
        List<String> all = ids(describe("Active", filter("Owner", "arn:aws:iam::123456789012:user/bob")));
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            DescribeSessionsResponse page = alice.describeSessions(b -> b.state("Active").maxResults(1).nextToken(t)
                    .filters(filter("Owner", "arn:aws:iam::123456789012:user/bob")));
            assertThat(page.sessions()).hasSizeLessThanOrEqualTo(1);
            page.sessions().forEach(x -> paged.add(x.sessionId()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(all.size());
        assertThat(alice.describeSessionsPaginator(b -> b.state("Active").maxResults(2)).sessions().stream().count())
                .isEqualTo(describe("Active").size());
    }

    @Test
    void describeSessionsErrorsAreModelled() {
        assertThatThrownBy(() -> alice.describeSessions(b -> b.state("Active").nextToken("garbage")))
                .isInstanceOfSatisfying(InvalidNextTokenException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidNextToken"));
        assertThatThrownBy(() -> alice.describeSessions(b -> b.state("Active")
                .filters(SessionFilter.builder().key("Colour").value("blue").build())))
                .isInstanceOfSatisfying(InvalidFilterKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> alice.describeSessions(b -> b.state("Sometimes")))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
        assertThatThrownBy(() -> alice.describeSessions(b -> b.state("Active").maxResults(201)))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("'maxResults'").contains("less than or equal to 200"));
        assertThatThrownBy(() -> alice.describeSessions(b -> b.state("Active").filters(filter("InvokedAfter", "yesterday"))))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void aPreferencesDocumentWithAMaximumShowsInNewSessions() {
        try (SandboxFixture own = new SandboxFixture(); SsmClient ssm = own.ssm()) {
            String prefs = ssm.getDocument(b -> b.name("SSM-SessionManagerRunShell")).content()
                    .replace("\"maxSessionDuration\" : \"\"", "\"maxSessionDuration\" : \"60\"")
                    .replace("\"idleSessionTimeout\" : \"20\"", "\"idleSessionTimeout\" : \"15\"");
            assertThat(prefs).contains("\"60\"").contains("\"15\"");
            ssm.updateDocument(b -> b.name("SSM-SessionManagerRunShell").documentVersion("$LATEST").content(prefs));
            String beforeDefault = ssm.startSession(b -> b.target(WEB_PROD)).sessionId();
            ssm.updateDocumentDefaultVersion(b -> b.name("SSM-SessionManagerRunShell").documentVersion("2"));
            String afterDefault = ssm.startSession(b -> b.target(WEB_PROD)).sessionId();
            String port = ssm.startSession(b -> b.target(DB_PROD).documentName("AWS-StartSSHSession")).sessionId();

            assertThat(own.server().sessions().find(beforeDefault).orElseThrow().preferences().maxDurationLimit())
                    .as("sessions read the default version").isEmpty();
            SessionSnapshot s = own.server().sessions().find(afterDefault).orElseThrow();
            assertThat(s.preferences().idleTimeout()).hasMinutes(15);
            assertThat(s.preferences().maxDuration()).hasMinutes(60);
            assertThat(own.server().sessions().find(port).orElseThrow().preferences().maxDuration()).hasMinutes(60);
            Session described = ssm.describeSessions(b -> b.state("Active").filters(filter("SessionId", afterDefault)))
                    .sessions().get(0);
            assertThat(described.maxSessionDuration()).isEqualTo("60");
        }
    }

    private static List<Session> describe(String state, SessionFilter... filters) {
        List<Session> all = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeSessionsResponse r = alice.describeSessions(b -> {
                b.state(state).maxResults(200).nextToken(t);
                if (filters.length > 0) {
                    b.filters(filters);
                }
            });
            all.addAll(r.sessions());
            token = r.nextToken();
        } while (token != null);
        return all;
    }

    private static SessionFilter filter(String key, String value) {
        return SessionFilter.builder().key(key).value(value).build();
    }

    private static List<String> ids(List<Session> sessions) {
        return sessions.stream().map(Session::sessionId).toList();
    }

    private static String cellNumber(String streamUrl) {
        String query = URI.create(streamUrl).getRawQuery();
        return URLDecoder.decode(query.substring(query.indexOf("cell-number=") + 12), StandardCharsets.UTF_8);
    }
}
