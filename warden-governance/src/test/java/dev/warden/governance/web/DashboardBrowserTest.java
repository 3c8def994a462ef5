package dev.warden.governance.web;

import static dev.warden.governance.testing.GovernedSandbox.ACCOUNT;
import static dev.warden.governance.testing.GovernedSandbox.DB_PROD;
import static dev.warden.governance.testing.GovernedSandbox.SCRATCH;
import static dev.warden.governance.testing.GovernedSandbox.WEB_DEV;
import static dev.warden.governance.testing.GovernedSandbox.WEB_PROD;
import static dev.warden.governance.web.DashboardFixture.OPERATOR_TOKEN;
import static dev.warden.governance.web.DashboardFixture.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.PassReport;
import dev.warden.governance.aws.TerminationOutcome;
import dev.warden.governance.kpi.KpiReport;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.SessionFilter;
import dev.warden.governance.trail.AuditRecord;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import dev.warden.sandbox.testing.SandboxFixture;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver, which bin/test installs): after a
 * prepared run (sessions started on the governed sandbox, aged, one enforcement pass and a preference audit) it
 * shows that run's sessions and KPIs; an operator's terminate button ends a session (the sandbox confirms it), a
 * viewer's browser is refused, and so are requests without a token or without the CSRF token. Screenshots of the
 * main pages go to target/screenshots.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private DashboardFixture fx;
    private WebDriver browser;
    private String prodOld;
    private String devOld;
    private String dbByBob;
    private String scratch;
    private String prodNew;

    @BeforeEach
    void prepareRunAndBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("Debian's chromium and chromium-driver are needed: bin/test installs them "
                        + "(apt-get install -y chromium chromium-driver)").isTrue();
        fx = new DashboardFixture(dir);
        prodOld = fx.start(SandboxFixture.ALICE, WEB_PROD);
        devOld = fx.start(SandboxFixture.ALICE, WEB_DEV);
        dbByBob = fx.start(SandboxFixture.BOB, DB_PROD);
        scratch = fx.start(SandboxFixture.ALICE, SCRATCH);
        fx.sandbox.clock().advance(Duration.ofMinutes(60));
        prodNew = fx.start(SandboxFixture.ALICE, WEB_PROD);
        fx.sandbox.clock().advance(Duration.ofMinutes(30));
        fx.governance.auditPreferences(fx.policy, false);
        PassReport pass = fx.governance.enforce(fx.policy);
        assertThat(pass.pairs().get(0).terminations()).extracting(TerminationOutcome::sessionId)
                .containsExactlyInAnyOrder(prodOld, dbByBob);
        browser = chromium();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void showsTheRunsSessionsAndKpisAndTheTerminateButtonEndsASessionForAnOperatorOnly() throws IOException {
        signIn(OPERATOR_TOKEN);

        // The sessions page: exactly the run's active sessions, as the sandbox lists them.
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        Map<String, WebElement> rows = sessionRows();
        assertThat(rows.keySet()).containsExactlyInAnyOrder(devOld, scratch, prodNew)
                .containsExactlyInAnyOrderElementsOf(fx.activeInSandbox());
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("3 active sessions");
        WebElement prodRow = rows.get(prodNew);
        assertThat(cell(prodRow, "tier")).isEqualTo("prod");
        assertThat(cell(prodRow, "principal")).isEqualTo(principalOf(prodNew));
        assertThat(cell(prodRow, "target")).isEqualTo(WEB_PROD);
        assertThat(cell(prodRow, "owner")).isEqualTo("team-web");
        // Aged 30 minutes by the run (plus the seconds the sandbox clock ran since); prod's maximum is 60.
        assertThat(cell(prodRow, "age")).matches("30m \\d\\ds");
        assertThat(seconds(cell(prodRow, "age")) + seconds(cell(prodRow, "left"))).isBetween(3599L, 3600L);
        assertThat(cell(rows.get(scratch), "tier")).isEqualTo("untagged");
        assertThat(cell(rows.get(scratch), "owner")).isEqualTo("—");
        screenshot("sessions");

        // Filters are applied on the server.
        new Select(browser.findElement(By.id("filter-tier"))).selectByVisibleText("prod");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        wait.until(d -> sessionRows().keySet().equals(Set.of(prodNew)));
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("1 active session");

        // The KPIs of the run, as Kpis computes them from the trail.
        KpiReport kpis = Kpis.compute(fx.trail, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        browser.get(fx.base + "/kpis");
        wait.until(d -> "drawn".equals(d.findElement(By.tagName("body")).getAttribute("data-charts")));
        assertThat(kpis.terminations()).isEqualTo(2);
        assertThat(text("kpi-terminations")).isEqualTo("2");
        assertThat(text("kpi-mean")).isEqualTo(Html.duration(kpis.meanTimeToTerminate().orElseThrow()));
        assertThat(text("kpi-p90")).isEqualTo(Html.duration(kpis.p90TimeToTerminate().orElseThrow()));
        KpiReport.Coverage coverage = kpis.coverage().orElseThrow();
        assertThat(text("kpi-coverage")).startsWith(coverage.covered() + " of " + coverage.instances() + " instances");
        assertThat(browser.findElements(By.cssSelector("#kpi-weeks tbody tr")).stream().map(WebElement::getText)
                .toList()).containsExactlyElementsOf(kpis.overMaxPerWeekAndTier().stream()
                .map(c -> c.week() + " " + c.tier() + " " + c.sessions()).toList());
        assertThat(browser.findElements(By.cssSelector("#kpi-quarters tbody tr")).stream().map(WebElement::getText)
                .toList()).containsExactlyElementsOf(kpis.findingsPerQuarter().stream()
                .map(c -> c.quarter() + " " + c.findings()).toList());
        // uPlot drew both charts (a canvas each), from the webjar: the page loads nothing from elsewhere.
        assertThat(browser.findElements(By.cssSelector("#chart-weeks canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#chart-quarters canvas"))).isNotEmpty();
        screenshot("kpis");

        browser.get(fx.base + "/violations");
        String violations = browser.findElement(By.id("violations")).getText();
        assertThat(violations).contains("OVER_MAX").contains(prodOld).contains("terminate TERMINATED");
        screenshot("violations");
        browser.get(fx.base + "/audit");
        assertThat(text("chain-state")).startsWith("Chain intact: " + fx.trail.size() + " records");
        screenshot("audit");
        browser.get(fx.base + "/exemptions");
        screenshot("exemptions");

        // Without a reason the dialog does not send; with one, the session ends and the action is recorded.
        browser.get(fx.base + "/");
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        sessionRows().get(devOld).findElement(By.cssSelector("button.terminate")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("terminate-reason")));
        browser.findElement(By.id("terminate-confirm")).click();
        assertThat(browser.findElement(By.id("terminate-dialog")).isDisplayed()).isTrue();
        assertThat(fx.activeInSandbox()).contains(devOld);
        browser.findElement(By.id("terminate-reason")).sendKeys("INC-88 account compromise");
        screenshot("terminate-dialog");
        browser.findElement(By.id("terminate-confirm")).click();
        wait.until(ExpectedConditions.textToBe(By.id("terminate-result"), devOld + ": TERMINATED"));
        assertThat(fx.activeInSandbox()).doesNotContain(devOld).contains(scratch, prodNew);
        wait.until(d -> !sessionRows().containsKey(devOld));
        AuditRecord manual = fx.trail.records(RecordKind.ACTION, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                .stream().filter(r -> devOld.equals(r.subject().sessionId())).findFirst().orElseThrow();
        JsonNode action = Payloads.decode(manual.payload());
        assertThat(action.get("manual").asBoolean()).isTrue();
        assertThat(action.get("reason").asText()).isEqualTo("INC-88 account compromise (dashboard: oona)");

        // The browser's own session cookie without the CSRF token, and no token at all: refused (plain HTTP, as a
        // forged request would come; a browser on another site cannot even send the SameSite=Strict cookie).
        Cookie operatorCookie = browser.manage().getCookieNamed(Guard.COOKIE);
        assertThat(operatorCookie.isHttpOnly()).isTrue();
        assertThat(operatorCookie.getSameSite()).isEqualTo("Strict");
        DashboardHttp http = new DashboardHttp(fx.base);
        String body = DashboardHttp.toJson(Map.of("accountId", ACCOUNT, "region",
                DashboardFixture.REGION, "sessionId", prodNew, "reason", "forged"));
        Map<String, String> withoutCsrf = new HashMap<>(Map.of("Content-Type", "application/json", "Cookie",
                Guard.COOKIE + "=" + operatorCookie.getValue()));
        HttpResponse<String> noCsrf = http.send("POST", "/api/sessions/terminate", withoutCsrf, body);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> noToken = http.send("POST", "/api/sessions/terminate",
                Map.of("Content-Type", "application/json"), body);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(fx.activeInSandbox()).contains(prodNew);

        // A viewer sees the sessions but no terminate button, and the server refuses the viewer's request even
        // with the page's own CSRF token.
        browser.findElement(By.cssSelector("header form.who button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        signIn(VIEWER_TOKEN);
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        assertThat(sessionRows().keySet()).containsExactlyInAnyOrder(scratch, prodNew);
        assertThat(browser.findElements(By.cssSelector("button.terminate"))).isEmpty();
        assertThat(text("who")).isEqualTo("victor (viewer)");
        Object answer = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/sessions/terminate', {method: 'POST', credentials: 'same-origin',
                    headers: {'Content-Type': 'application/json',
                              'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content},
                    body: JSON.stringify({accountId: arguments[0], region: arguments[1], sessionId: arguments[2],
                                          reason: 'viewer tries'})})
                  .then(r => r.json().then(b => done(r.status + ' ' + b.error)));
                """, ACCOUNT, DashboardFixture.REGION, prodNew);
        assertThat(String.valueOf(answer)).startsWith("403 refused: a viewer cannot change anything");
        assertThat(fx.activeInSandbox()).contains(prodNew);
        screenshot("sessions-viewer");
    }

    private void signIn(String token) {
        browser.get(fx.base + "/login");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
        try {
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("sessions")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not signed in: at " + browser.getCurrentUrl() + ": " + browser.getPageSource(), e);
        }
        assertThat(browser.getPageSource()).doesNotContain(token);
    }

    private Map<String, WebElement> sessionRows() {
        return browser.findElements(By.cssSelector("#sessions tbody tr")).stream()
                .collect(Collectors.toMap(r -> r.getAttribute("data-session-id"), r -> r));
    }

    private static String cell(WebElement row, String cls) {
        return row.findElement(By.cssSelector("td." + cls)).getText();
    }

    /** Reads back {@code 29m 54s}. */
    private static long seconds(String minutesAndSeconds) {
        String[] p = minutesAndSeconds.replace("m", "").replace("s", "").split(" ");
        return Long.parseLong(p[0]) * 60 + Long.parseLong(p[1]);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String principalOf(String sessionId) {
        ActiveSession s = fx.active.page(SessionFilter.ALL, 0, 100).sessions().stream()
                .filter(a -> a.sessionId().equals(sessionId)).findFirst().orElseThrow();
        return s.principal();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    /** Debian's Chromium, headless, in a fresh profile, with everything that would reach the network off. */
    private WebDriver chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        // The driver is given, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
