package dev.warden.governance.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.Payloads;
import dev.warden.governance.trail.RecordKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Computes the KPIs as queries over the audit trail, so every consumer tells the same numbers. */
public final class Kpis {

    private Kpis() {
    }

    /**
     * The records are streamed, never held: what is kept grows with the distinct findings and the terminations of
     * the period, not with its records; of the observations only each account × region's latest coverage is read.
     */
    public static KpiReport compute(AuditTrail trail, Instant from, Instant to) {
        Map<String, Map<String, Set<String>>> overMax = new TreeMap<>();
        Map<String, Set<String>> perQuarter = new TreeMap<>();
        trail.forEach(RecordKind.FINDING, from, to, r -> {
            JsonNode p = Payloads.decode(r.payload());
            String type = p.path("finding").asText();
            if ("OVER_MAX".equals(type)) {
                overMax.computeIfAbsent(week(r.recordedAt()), w -> new TreeMap<>())
                        .computeIfAbsent(p.path("tier").asText(), t -> new HashSet<>()).add(r.subject().sessionId());
            }
            // One finding is one thing wrong with one subject: repeated passes finding it again count once.
            String identity = String.join("|", type, String.valueOf(r.subject().accountId()),
                    String.valueOf(r.subject().region()), String.valueOf(r.subject().sessionId()),
                    p.path("document").asText(), p.path("field").asText());
            perQuarter.computeIfAbsent(quarter(r.recordedAt()), q -> new HashSet<>()).add(identity);
        });
        List<KpiReport.WeekTierCount> overMaxCounts = new ArrayList<>();
        overMax.forEach((week, tiers) -> tiers.forEach((tier, sessions) ->
                overMaxCounts.add(new KpiReport.WeekTierCount(week, tier, sessions.size()))));
        List<KpiReport.QuarterCount> quarters = new ArrayList<>();
        perQuarter.forEach((q, set) -> quarters.add(new KpiReport.QuarterCount(q, set.size())));

        List<Long> millis = new ArrayList<>();
        trail.forEach(RecordKind.ACTION, from, to, r -> {
            JsonNode p = Payloads.decode(r.payload());
            if ("terminate".equals(p.path("action").asText()) && !p.path("manual").asBoolean()
                    && "TERMINATED".equals(p.path("outcome").asText()) && p.has("timeToTerminateMillis")) {
                millis.add(p.get("timeToTerminateMillis").asLong());
            }
        });
        millis.sort(Long::compare);
        Optional<Duration> mean = millis.isEmpty() ? Optional.empty() : Optional.of(Duration.ofMillis(
                Math.round(millis.stream().mapToLong(Long::longValue).average().orElseThrow())));
        Optional<Duration> p90 = millis.isEmpty() ? Optional.empty()
                : Optional.of(Duration.ofMillis(millis.get((int) Math.ceil(0.9 * millis.size()) - 1)));

        return new KpiReport(from, to, overMaxCounts, millis.size(), mean, p90, coverage(trail, from, to), quarters);
    }

    /** The latest coverage observation of each account × region in the period, summed. */
    private static Optional<KpiReport.Coverage> coverage(AuditTrail trail, Instant from, Instant to) {
        List<JsonNode> latest = trail.latestPerPair(RecordKind.OBSERVATION, "observation", "coverage", from, to)
                .values().stream().map(r -> Payloads.decode(r.payload())).toList();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        long covered = latest.stream().mapToLong(p -> p.path("covered").asLong()).sum();
        long instances = latest.stream().mapToLong(p -> p.path("instances").asLong()).sum();
        return Optional.of(new KpiReport.Coverage(covered, instances));
    }

    /** The ISO week of an instant in UTC, e.g. {@code 2026-W50}. */
    public static String week(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return String.format("%d-W%02d", z.get(IsoFields.WEEK_BASED_YEAR), z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The calendar quarter of an instant in UTC, e.g. {@code 2026-Q4}. */
    public static String quarter(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return z.getYear() + "-Q" + z.get(IsoFields.QUARTER_OF_YEAR);
    }
}
