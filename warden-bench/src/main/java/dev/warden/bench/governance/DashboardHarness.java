package dev.warden.bench.governance;

import dev.warden.bench.e2e.Options;
import dev.warden.governance.Governance;
import dev.warden.governance.aws.AwsAccess;
import dev.warden.governance.policy.Policy;
import dev.warden.governance.policy.PolicyLoader;
import dev.warden.governance.store.ActiveSession;
import dev.warden.governance.store.ActiveSessions;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.GrantedExemptions;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.web.AccessTokens;
import dev.warden.governance.web.Dashboard;
import dev.warden.governance.web.Role;
import io.javalin.Javalin;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The dashboard benchmark: {@code sessions} active sessions over {@code accounts × regions} pairs in the store's live
 * view (written as a pass writes them, {@code replacePair}), the dashboard on loopback, then
 *
 * <ol>
 *   <li>the sessions page's server time: {@code GET /api/sessions} over plain HTTP (sign-in cookie, keep-alive),
 *       {@code requests} times for each of four queries (first page, account and tier filter, one principal, the
 *       last page), after as many warm-up requests;</li>
 *   <li>first paint in Debian's headless Chromium: {@code loads} loads of the sessions page, reading the browser's
 *       own first-contentful-paint and the moment the first page of sessions was rendered (a performance mark the
 *       page's script sets).</li>
 * </ol>
 *
 * Usage: {@code java -cp warden-bench/target/benchmarks.jar dev.warden.bench.governance.DashboardHarness
 * [--store sqlite|postgres] [--sessions 10000] [--accounts 10] [--regions 5] [--requests 300] [--loads 30]}.
 */
public final class DashboardHarness {

    private static final Map<String, String> DEFAULTS = Map.of("--store", "sqlite", "--sessions", "10000",
            "--accounts", "10", "--regions", "5", "--requests", "300", "--loads", "30",
            "--chromium", "/usr/bin/chromium", "--chromedriver", "/usr/bin/chromedriver");
    private static final String TOKEN = "benchmark-operator-token-0123456789";
    private static final String REGIONS = "us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,eu-central-1,"
            + "ap-southeast-1,ap-southeast-2,ap-northeast-1";

    private DashboardHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args, DEFAULTS);
        QuietLogging.apply();
        int sessions = Integer.parseInt(o.get("--sessions"));
        int accounts = Integer.parseInt(o.get("--accounts"));
        List<String> regions = Arrays.asList(REGIONS.split(",")).subList(0, Integer.parseInt(o.get("--regions")));
        String storeKind = o.get("--store");
        Path dir = Files.createTempDirectory("warden-dashbench");
        System.out.printf("dashboard: %d active sessions over %d accounts x %d regions, store %s%n", sessions,
                accounts, regions.size(), storeKind);
        try (EmbeddedPostgres pg = storeKind.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
             GovernanceStore store = GovernancePassHarness.open(storeKind, pg, dir, "dashboard");
             AwsAccess aws = new AwsAccess(StaticCredentialsProvider.create(AwsBasicCredentials.create("unused",
                     "unused")), Optional.empty())) {
            Clock clock = Clock.systemUTC();
            ActiveSessions active = new ActiveSessions(store);
            fill(active, sessions, accounts, regions, clock.instant());
            AuditTrail trail = new AuditTrail(store, clock);
            Policy policy = policy(accounts, regions);
            Dashboard dashboard = new Dashboard(new Governance(aws, trail, clock, Duration.ofSeconds(30)), policy,
                    trail, active, new GrantedExemptions(store, trail, clock),
                    AccessTokens.of(Map.of(TOKEN, new AccessTokens.Holder(Role.VIEWER, "bench"))), clock);
            Javalin app = dashboard.start("127.0.0.1", 0);
            try {
                URI base = URI.create("http://127.0.0.1:" + app.port());
                serverTime(base, Integer.parseInt(o.get("--requests")), accounts);
                firstPaint(base, Integer.parseInt(o.get("--loads")), Path.of(o.get("--chromium")),
                        Path.of(o.get("--chromedriver")), dir);
            } finally {
                app.stop();
            }
        }
    }

    /** The live view as passes leave it: one replacePair per account × region. */
    private static void fill(ActiveSessions active, int sessions, int accounts, List<String> regions, Instant now) {
        int pairs = accounts * regions.size();
        long started = System.nanoTime();
        for (int p = 0; p < pairs; p++) {
            String account = account(p / regions.size());
            String region = regions.get(p % regions.size());
            List<ActiveSession> listed = new ArrayList<>();
            for (int i = p; i < sessions; i += pairs) {
                // k numbers the pair's sessions: every pair has prod sessions and every principal.
                int k = i / pairs;
                boolean prod = k % 10 == 0;
                Instant start = now.minus(Duration.ofSeconds(i % 3600));
                listed.add(new ActiveSession(account, region, String.format("bench-%06d", i),
                        String.format("i-%017x", i % 1000), "arn:aws:iam::" + account + ":user/u" + (k % 50),
                        prod ? "prod" : "dev", Optional.of("team-" + (i % 7)), "SSM-SessionManagerRunShell", start,
                        Optional.of(start.plus(prod ? Duration.ofHours(1) : Duration.ofHours(8))), now));
            }
            active.replacePair(account, region, listed, now);
        }
        System.out.printf("  filled the live view in %.2f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void serverTime(URI base, int requests, int accounts) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("first page (50 of all, by deadline)", "/api/sessions");
        queries.put("account + tier filter", "/api/sessions?account=" + account(accounts - 1) + "&tier=prod");
        queries.put("one principal", "/api/sessions?principal=arn:aws:iam::" + account(0) + ":user/u7");
        queries.put("last page (offset 9,950)", "/api/sessions?offset=9950");
        System.out.println("  GET /api/sessions over loopback HTTP, " + requests + " requests each (ms):");
        for (Map.Entry<String, String> q : queries.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(q.getValue())).header("Cookie", cookie).build();
            long bytes = 0;
            for (int i = 0; i < requests; i++) {
                bytes = http.send(request, HttpResponse.BodyHandlers.ofString()).body().length();
            }
            long[] nanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                nanos[i] = System.nanoTime() - t;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(q.getValue() + " answered " + r.statusCode());
                }
            }
            Arrays.sort(nanos);
            System.out.printf("    %-40s p50 %6.2f  p99 %6.2f  (%d bytes)%n", q.getKey(), ms(percentile(nanos, 50)),
                    ms(percentile(nanos, 99)), bytes);
        }
    }

    private static void firstPaint(URI base, int loads, Path chromium, Path chromedriver, Path dir) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.toString())).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(base + "/login");
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.cssSelector("#login button[type=submit]")).click();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sessions")));
            long[] paint = new long[loads];
            long[] rendered = new long[loads];
            for (int i = -3; i < loads; i++) {
                browser.get(base + "/");
                wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
                JavascriptExecutor js = (JavascriptExecutor) browser;
                Number fcp = (Number) js.executeScript("const e = performance.getEntriesByName("
                        + "'first-contentful-paint'); return e.length ? e[0].startTime : -1;");
                Number rows = (Number) js.executeScript("return performance.getEntriesByName("
                        + "'warden-sessions-rendered')[0].startTime;");
                if (i >= 0) {
                    paint[i] = Math.round(fcp.doubleValue() * 1000);
                    rendered[i] = Math.round(rows.doubleValue() * 1000);
                }
            }
            Arrays.sort(paint);
            Arrays.sort(rendered);
            System.out.printf("  headless Chromium, %d loads of the sessions page (ms from navigation start):%n",
                    loads);
            System.out.printf("    first contentful paint                   p50 %6.1f  p90 %6.1f%n",
                    percentile(paint, 50) / 1000.0, percentile(paint, 90) / 1000.0);
            System.out.printf("    first page of sessions rendered          p50 %6.1f  p90 %6.1f%n",
                    percentile(rendered, 50) / 1000.0, percentile(rendered, 90) / 1000.0);
        } finally {
            browser.quit();
        }
    }

    private static Policy policy(int accounts, List<String> regions) {
        StringBuilder ids = new StringBuilder();
        for (int a = 0; a < accounts; a++) {
            ids.append(a == 0 ? "" : ", ").append("{id: \"").append(account(a)).append("\"}");
        }
        return PolicyLoader.parse("""
                scope:
                  accounts: [%s]
                  regions: [%s]
                tiers:
                  - {name: prod, match: {Environment: prod}, idleMinutes: 15, maxMinutes: 60}
                  - {name: dev, match: {Environment: dev}, idleMinutes: 60, maxMinutes: 480}
                defaultTier: {name: untagged, idleMinutes: 20, maxMinutes: 120}
                """.formatted(ids, String.join(", ", regions)), "dashboard-bench.yaml");
    }

    private static String account(int index) {
        return String.format("%012d", 100_000_000_000L + index);
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
