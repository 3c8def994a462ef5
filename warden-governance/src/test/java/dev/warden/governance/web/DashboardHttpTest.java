package dev.warden.governance.web;

import static dev.warden.governance.testing.GovernedSandbox.ACCOUNT;
import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static dev.warden.governance.web.DashboardFixture.OPERATOR_TOKEN;
import static dev.warden.governance.web.DashboardFixture.REGION;
import static dev.warden.governance.web.DashboardFixture.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.PassReport;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's rules over plain HTTP (what a script or a forged request can send, which a browser would not):
 * sign-in, roles, CSRF and origin checks on every change, security headers, the JSON endpoints and their paging.
 */
class DashboardHttpTest {

    @TempDir
    Path dir;

    private DashboardFixture fx;
    private DashboardHttp http;

    @BeforeEach
    void start() {
        fx = new DashboardFixture(dir);
        http = new DashboardHttp(fx.base);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void signedOutPagesGoToSignInAndSignedOutCallsAreRefused() {
        String session = fx.start(SandboxFixture.ALICE, WEB_DEV);
        for (String page : List.of("/", "/violations", "/kpis", "/audit", "/exemptions")) {
            HttpResponse<String> r = http.get(page, null);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(page).contains("/login");
        }
        assertThat(http.get("/api/sessions", null).statusCode()).isEqualTo(401);
        assertThat(http.get("/api/kpis", null).statusCode()).isEqualTo(401);
        HttpResponse<String> terminate = http.send("POST", "/api/sessions/terminate",
                Map.of("Content-Type", "application/json"), terminateBody(session));
        assertThat(terminate.statusCode()).isEqualTo(401);
        assertThat(fx.activeInSandbox()).contains(session);
    }

    @Test
    void aWrongTokenIsRefusedWithoutRepeatingIt() {
        String wrong = "not-a-token-but-long-enough";
        HttpResponse<String> bearer = http.send("POST", "/login", Map.of("Authorization", "Bearer " + wrong), null);
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.body()).doesNotContain(wrong);
        assertThat(bearer.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> form = http.send("POST", "/login",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                DashboardHttp.form(Map.of("token", wrong)));
        assertThat(form.statusCode()).isEqualTo(401);
        assertThat(form.body()).contains("Unknown token.").doesNotContain(wrong);
    }

    @Test
    void anAddressThatKeepsGuessingIsMadeToWaitEvenWithTheRightToken() {
        for (int i = 0; i < Dashboard.SIGN_IN_FAILURES; i++) {
            String guess = "guess-number-" + i + "-long-enough";
            HttpResponse<String> r = http.send("POST", "/login", Map.of("Authorization", "Bearer " + guess), null);
            assertThat(r.statusCode()).as("guess %d", i).isEqualTo(401);
        }
        HttpResponse<String> bearer = http.send("POST", "/login", Map.of("Authorization", "Bearer " + OPERATOR_TOKEN),
                null);
        assertThat(bearer.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(bearer.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, Dashboard.SIGN_IN_FAILURE_WINDOW.toSeconds());
        assertThat(bearer.body()).contains("Too many wrong tokens").doesNotContain(OPERATOR_TOKEN);
        assertThat(bearer.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> form = http.send("POST", "/login",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                DashboardHttp.form(Map.of("token", OPERATOR_TOKEN)));
        assertThat(form.statusCode()).isEqualTo(429);
        assertThat(form.body()).contains("Too many wrong tokens").doesNotContain(OPERATOR_TOKEN);
        assertThat(form.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aRightTokenForgivesEarlierMistakes() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < Dashboard.SIGN_IN_FAILURES - 1; i++) {
                assertThat(http.send("POST", "/login", Map.of("Authorization", "Bearer wrong-but-long-enough-" + i),
                        null).statusCode()).isEqualTo(401);
            }
            assertThat(http.signIn(VIEWER_TOKEN).role()).isEqualTo("viewer");
        }
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieAndPagesCarryARestrictivePolicyAndNoToken() {
        HttpResponse<String> r = http.send("POST", "/login", Map.of("Content-Type",
                "application/x-www-form-urlencoded", "Origin", fx.base.toString()),
                DashboardHttp.form(Map.of("token", OPERATOR_TOKEN)));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(Guard.COOKIE + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").doesNotContain(OPERATOR_TOKEN);
        DashboardHttp.SignedIn who = new DashboardHttp.SignedIn(setCookie.substring(0, setCookie.indexOf(';')), null,
                "operator");
        for (String page : List.of("/", "/violations", "/kpis", "/audit", "/exemptions")) {
            HttpResponse<String> p = http.get(page, who);
            assertThat(p.statusCode()).as(page).isEqualTo(200);
            assertThat(p.headers().firstValue("Content-Security-Policy")).as(page)
                    .contains(Guard.CONTENT_SECURITY_POLICY);
            assertThat(p.headers().firstValue("X-Frame-Options")).as(page).contains("DENY");
            assertThat(p.body()).as(page).doesNotContain(OPERATOR_TOKEN).doesNotContain(VIEWER_TOKEN)
                    .contains("name=\"csrf-token\"").doesNotContain("<script>");
        }
        // A sign-in posted from another site (login CSRF) is refused.
        HttpResponse<String> forged = http.send("POST", "/login", Map.of("Content-Type",
                "application/x-www-form-urlencoded", "Origin", "http://evil.example"),
                DashboardHttp.form(Map.of("token", OPERATOR_TOKEN)));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerReadsButCannotTerminate() {
        String session = fx.start(SandboxFixture.ALICE, WEB_DEV);
        DashboardHttp.SignedIn viewer = http.signIn(VIEWER_TOKEN);
        assertThat(viewer.role()).isEqualTo("viewer");
        assertThat(http.get("/api/sessions", viewer).statusCode()).isEqualTo(200);
        HttpResponse<String> r = http.send("POST", "/api/sessions/terminate", changeHeaders(viewer, viewer.csrf()),
                terminateBody(session));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(DashboardHttp.json(r).get("error").asText()).contains("viewer");
        assertThat(fx.activeInSandbox()).contains(session);
        assertThat(fx.trail.records(RecordKind.ACTION, Instant.EPOCH, far())).isEmpty();
    }

    @Test
    void anOperatorNeedsTheCsrfTokenAndTheDashboardsOriginThenTerminatesAndItIsRecorded() {
        String session = fx.start(SandboxFixture.ALICE, WEB_DEV);
        DashboardHttp.SignedIn operator = http.signIn(OPERATOR_TOKEN);

        Map<String, String> noCsrf = new HashMap<>(Map.of("Cookie", operator.cookie(), "Content-Type",
                "application/json"));
        assertThat(http.send("POST", "/api/sessions/terminate", noCsrf, terminateBody(session)).statusCode())
                .isEqualTo(403);
        assertThat(http.send("POST", "/api/sessions/terminate", changeHeaders(operator, "forged"),
                terminateBody(session)).statusCode()).isEqualTo(403);
        Map<String, String> otherOrigin = changeHeaders(operator, operator.csrf());
        otherOrigin.put("Origin", "http://evil.example");
        assertThat(http.send("POST", "/api/sessions/terminate", otherOrigin, terminateBody(session)).statusCode())
                .isEqualTo(403);
        HttpResponse<String> noReason = http.send("POST", "/api/sessions/terminate",
                changeHeaders(operator, operator.csrf()), DashboardHttp.toJson(Map.of("accountId", ACCOUNT,
                        "region", REGION, "sessionId", session, "reason", " ")));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(fx.activeInSandbox()).contains(session);
        assertThat(fx.trail.records(RecordKind.ACTION, Instant.EPOCH, far())).isEmpty();

        HttpResponse<String> done = http.send("POST", "/api/sessions/terminate",
                changeHeaders(operator, operator.csrf()), terminateBody(session));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(DashboardHttp.json(done).get("status").asText()).isEqualTo("TERMINATED");
        assertThat(fx.activeInSandbox()).doesNotContain(session);
        List<AuditRecord> actions = fx.trail.records(RecordKind.ACTION, Instant.EPOCH, far());
        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.subject().sessionId()).isEqualTo(session);
            JsonNode p = Payloads.decode(a.payload());
            assertThat(p.get("manual").asBoolean()).isTrue();
            assertThat(p.get("reason").asText()).isEqualTo("INC-77 leaked credentials (dashboard: oona)");
        });
    }

    @Test
    void tenThousandSessionsArePagedAndFilteredOnTheServer() {
        Instant now = fx.sandbox.clock().instant();
        List<String> accounts = List.of("111111111111", "222222222222");
        List<String> regions = List.of("us-east-1", "eu-west-1");
        List<String> tiers = List.of("prod", "dev", "untagged");
        Map<String, List<ActiveSession>> perPair = new LinkedHashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String account = accounts.get(i % 2);
            String region = regions.get((i / 2) % 2);
            String tier = tiers.get(i % 3);
            String principal = "arn:aws:iam::" + account + ":user/u" + (i % 10);
            // Deadlines spread over the next 10,000 minutes, every seventh session without one.
            Optional<Instant> deadline = i % 7 == 0 ? Optional.empty()
                    : Optional.of(now.plus(Duration.ofMinutes(10_000 - i)));
            perPair.computeIfAbsent(account + "|" + region, k -> new ArrayList<>()).add(new ActiveSession(account,
                    region, String.format("s-%05d", i), "i-%017d".formatted(i % 300), principal, tier,
                    Optional.of("team-" + (i % 5)), "SSM-SessionManagerRunShell", now.minus(Duration.ofMinutes(i % 90)),
                    deadline, now));
            if (account.equals("222222222222") && tier.equals("prod")) {
                expected.merge("account+tier", 1, Integer::sum);
            }
            if (principal.equals("arn:aws:iam::111111111111:user/u4") && region.equals("eu-west-1")) {
                expected.merge("principal+region", 1, Integer::sum);
            }
        }
        perPair.forEach((pair, listed) ->
                fx.active.replacePair(pair.split("\\|")[0], pair.split("\\|")[1], listed, now));

        DashboardHttp.SignedIn viewer = http.signIn(VIEWER_TOKEN);
        JsonNode first = DashboardHttp.json(http.get("/api/sessions", viewer));
        assertThat(first.get("total").asLong()).isEqualTo(10_000);
        assertThat(first.get("sessions")).hasSize(SessionsRoutes.DEFAULT_LIMIT);
        // Nearest deadline first: session 9999 (i % 7 != 0) is due in one minute.
        assertThat(first.get("sessions").get(0).get("sessionId").asText()).isEqualTo("s-09999");
        // (The sandbox clock runs on from `now`, so a little less than a minute is left.)
        assertThat(first.get("sessions").get(0).get("timeLeftSeconds").asLong()).isBetween(50L, 60L);

        JsonNode filtered = DashboardHttp.json(http.get("/api/sessions?account=222222222222&tier=prod&limit=100",
                viewer));
        assertThat(filtered.get("total").asLong()).isEqualTo((long) expected.get("account+tier"));
        assertThat(filtered.get("sessions")).hasSize(100).allSatisfy(s -> {
            assertThat(s.get("accountId").asText()).isEqualTo("222222222222");
            assertThat(s.get("tier").asText()).isEqualTo("prod");
        });

        String principal = "arn:aws:iam::111111111111:user/u4";
        JsonNode byPrincipal = DashboardHttp.json(http.get("/api/sessions?region=eu-west-1&principal="
                + URLEncoder.encode(principal, StandardCharsets.UTF_8) + "&limit=500", viewer));
        assertThat(byPrincipal.get("total").asLong()).isEqualTo((long) expected.get("principal+region"));
        assertThat(byPrincipal.get("sessions")).hasSize(expected.get("principal+region"))
                .allSatisfy(s -> assertThat(s.get("principal").asText()).isEqualTo(principal));

        // The last page, and a limit beyond the maximum clamped to it; sessions without a deadline come last.
        JsonNode last = DashboardHttp.json(http.get("/api/sessions?offset=9990&limit=50", viewer));
        assertThat(last.get("sessions")).hasSize(10);
        assertThat(last.get("sessions").get(9).get("timeLeft").isNull()).isTrue();
        assertThat(DashboardHttp.json(http.get("/api/sessions?limit=100000", viewer)).get("sessions"))
                .hasSize(SessionsRoutes.MAX_LIMIT);
    }

    @Test
    void anOperatorGrantsAndRevokesAnExemptionWhichTheEngineHonoursAndTheTrailRecords() {
        String prod = fx.start(SandboxFixture.ALICE, WEB_PROD);
        fx.sandbox.clock().advance(Duration.ofMinutes(90));
        DashboardHttp.SignedIn viewer = http.signIn(VIEWER_TOKEN);
        DashboardHttp.SignedIn operator = http.signIn(OPERATOR_TOKEN);
        String grant = DashboardHttp.toJson(Map.of("principal", "arn:aws:iam::*:user/alice", "target", WEB_PROD,
                "ticket", "INC-5150", "hours", 2));
        assertThat(http.send("POST", "/api/exemptions", changeHeaders(viewer, viewer.csrf()), grant).statusCode())
                .isEqualTo(403);
        assertThat(http.send("POST", "/api/exemptions", changeHeaders(operator, "forged"), grant).statusCode())
                .isEqualTo(403);
        assertThat(http.send("POST", "/api/exemptions", changeHeaders(operator, operator.csrf()),
                DashboardHttp.toJson(Map.of("target", WEB_PROD, "hours", 2))).statusCode()).isEqualTo(400);

        HttpResponse<String> granted = http.send("POST", "/api/exemptions", changeHeaders(operator, operator.csrf()),
                grant);
        assertThat(granted.statusCode()).isEqualTo(201);
        String id = DashboardHttp.json(granted).get("id").asText();
        assertThat(http.get("/exemptions", viewer).body()).contains("INC-5150").contains("in force");

        PassReport spared = fx.governance.enforce(fx.policy);
        assertThat(spared.pairs().get(0).terminations()).isEmpty();
        assertThat(fx.activeInSandbox()).contains(prod);
        assertThat(fx.trail.records(RecordKind.EXEMPTION_USE, Instant.EPOCH, far())).singleElement()
                .satisfies(r -> assertThat(Payloads.decode(r.payload()).get("ticket").asText()).isEqualTo("INC-5150"));

        assertThat(http.send("DELETE", "/api/exemptions/" + id, changeHeaders(viewer, viewer.csrf()), null)
                .statusCode()).isEqualTo(403);
        assertThat(http.send("DELETE", "/api/exemptions/" + id, changeHeaders(operator, operator.csrf()), null)
                .statusCode()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/exemptions/" + id, changeHeaders(operator, operator.csrf()), null)
                .statusCode()).isEqualTo(404);
        PassReport ended = fx.governance.enforce(fx.policy);
        assertThat(ended.pairs().get(0).terminations()).extracting(TerminationOutcome::sessionId).containsExactly(prod);
        assertThat(fx.activeInSandbox()).doesNotContain(prod);

        assertThat(fx.trail.records(RecordKind.ACTION, Instant.EPOCH, far())).extracting(r ->
                Payloads.decode(r.payload()).get("action").asText())
                .containsExactly("exemption-grant", "exemption-revoke", "terminate");
        assertThat(fx.trail.verify().intact()).isTrue();
    }

    private Map<String, String> changeHeaders(DashboardHttp.SignedIn who, String csrf) {
        return new HashMap<>(Map.of("Cookie", who.cookie(), "Content-Type", "application/json", Guard.CSRF_HEADER, csrf,
                "Origin", fx.base.toString().replaceAll("/$", "")));
    }

    private static String terminateBody(String session) {
        return DashboardHttp.toJson(Map.of("accountId", ACCOUNT, "region", REGION, "sessionId", session,
                "reason", "INC-77 leaked credentials"));
    }

    private static Instant far() {
        return Instant.parse("2100-01-01T00:00:00Z");
    }
}
