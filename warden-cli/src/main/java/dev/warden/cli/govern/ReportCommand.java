package dev.warden.cli.govern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.governance.kpi.KpiReport;
import dev.warden.governance.kpi.Kpis;
import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.store.StoreException;
import dev.warden.governance.trail.AuditTrail;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code warden govern report}: the KPIs over a period, from the audit trail. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Computes the governance KPIs from the audit trail over [--from, --to): sessions over the "
                + "maximum per ISO week and tier, mean and p90 time to terminate, fleet coverage, findings per "
                + "quarter (definitions: docs/governance.md).",
        footer = {"", "Dates: 2026-12-01 (midnight UTC) or 2026-12-01T08:00:00Z.",
                "Exit codes: 0 printed, 1 the store cannot be read, 2 invalid usage."})
public final class ReportCommand implements Callable<Integer> {

    enum Format { table, json, csv }

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOption store;

    @Option(names = "--from", paramLabel = "DATE", converter = InstantConverter.class,
            description = "Start of the period, inclusive (default: the beginning of the trail).")
    private Instant from;

    @Option(names = "--to", paramLabel = "DATE", converter = InstantConverter.class,
            description = "End of the period, exclusive (default: now).")
    private Instant to;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant start = from == null ? Instant.EPOCH : from;
        Instant end = to == null ? Instant.now() : to;
        if (!start.isBefore(end)) {
            err.println("warden govern report: --from must be before --to");
            err.flush();
            return 2;
        }
        try (GovernanceStore db = GovernanceStore.open(store.location())) {
            KpiReport report = Kpis.compute(new AuditTrail(db, Clock.systemUTC()), start, end);
            switch (format) {
                case json -> out.println(json(report));
                case csv -> csv(report, out);
                default -> table(report, out);
            }
            out.flush();
            return 0;
        } catch (StoreException e) {
            err.println("warden govern report: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static void table(KpiReport r, PrintWriter out) {
        out.printf("Period: %s to %s%n%n", r.from(), r.to());
        out.println("Sessions over the maximum");
        out.printf("  %-10s %-16s %s%n", "WEEK", "TIER", "SESSIONS");
        r.overMaxPerWeekAndTier().forEach(c -> out.printf("  %-10s %-16s %d%n", c.week(), c.tier(), c.sessions()));
        out.printf("%nTime to terminate (%d automatic terminations)%n", r.terminations());
        out.printf("  mean %s, p90 %s%n", minutes(r.meanTimeToTerminate()), minutes(r.p90TimeToTerminate()));
        out.printf("%nFleet coverage%n  %s%n", r.coverage().map(c -> String.format(Locale.ROOT,
                "%.1f%% (%d of %d managed instances)", 100 * c.share(), c.covered(), c.instances()))
                .orElse("unknown: no preference audit in the period"));
        out.printf("%nFindings per quarter%n");
        r.findingsPerQuarter().forEach(q -> out.printf("  %-8s %d%n", q.quarter(), q.findings()));
    }

    private static void csv(KpiReport r, PrintWriter out) {
        out.println("metric,period,tier,value");
        r.overMaxPerWeekAndTier().forEach(c -> out.printf("sessions_over_max,%s,%s,%d%n", c.week(), c.tier(),
                c.sessions()));
        out.printf("terminations,,,%d%n", r.terminations());
        r.meanTimeToTerminate().ifPresent(d -> out.printf("mean_time_to_terminate_seconds,,,%d%n", d.toSeconds()));
        r.p90TimeToTerminate().ifPresent(d -> out.printf("p90_time_to_terminate_seconds,,,%d%n", d.toSeconds()));
        r.coverage().ifPresent(c -> out.printf(Locale.ROOT, "fleet_coverage_share,,,%.4f%n", c.share()));
        r.findingsPerQuarter().forEach(q -> out.printf("findings,%s,,%d%n", q.quarter(), q.findings()));
    }

    private static String json(KpiReport r) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("from", r.from().toString());
        root.put("to", r.to().toString());
        var overMax = root.putArray("sessionsOverMax");
        r.overMaxPerWeekAndTier().forEach(c -> overMax.addObject().put("week", c.week()).put("tier", c.tier())
                .put("sessions", c.sessions()));
        root.put("terminations", r.terminations());
        r.meanTimeToTerminate().ifPresentOrElse(d -> root.put("meanTimeToTerminateSeconds", d.toSeconds()),
                () -> root.putNull("meanTimeToTerminateSeconds"));
        r.p90TimeToTerminate().ifPresentOrElse(d -> root.put("p90TimeToTerminateSeconds", d.toSeconds()),
                () -> root.putNull("p90TimeToTerminateSeconds"));
        r.coverage().ifPresentOrElse(c -> root.putObject("coverage").put("covered", c.covered())
                .put("instances", c.instances()).put("share", c.share()), () -> root.putNull("coverage"));
        var quarters = root.putArray("findingsPerQuarter");
        r.findingsPerQuarter().forEach(q -> quarters.addObject().put("quarter", q.quarter())
                .put("findings", q.findings()));
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static String minutes(Optional<Duration> d) {
        return d.map(Durations::format).orElse("-");
    }

    /** {@code 2026-12-01} (midnight UTC) or an ISO-8601 date-time with offset. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e2) {
                    throw new TypeConversionException("'" + value + "' is not a date such as 2026-12-01 or "
                            + "2026-12-01T08:00:00Z");
                }
            }
        }
    }
}
