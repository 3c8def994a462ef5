package dev.warden.cli.govern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.governance.PairReport;
import dev.warden.governance.PassReport;
import dev.warden.governance.judge.Finding;
import dev.warden.governance.judge.SessionVerdict;
import dev.warden.governance.policy.Policy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden govern review}: the active sessions with tier, age, time left, owner and principal. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "Lists the active sessions of every account and region of the policy, each with its tier, age, "
                + "time left before the tier's maximum, the target's owner tag, the principal and the findings "
                + "(OVER_MAX, NEAR_MAX, WEAKER_DOCUMENT, EXEMPTION_EXPIRED, UNTAGGED_TARGET). Records the observations and "
                + "findings in the audit trail; changes nothing.",
        footer = {"", "Exit codes: 0 every account and region was read, 1 some could not be (each is named; the "
                + "rest is still listed) or the policy/store is unusable, 2 invalid usage."})
public final class ReviewCommand implements Callable<Integer> {

    enum Format { table, json }

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions engine;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return EngineOptions.reportingFailures("review", err, () -> {
            Policy policy = engine.policy();
            PassReport report;
            try (EngineOptions.Engine e = engine.open()) {
                report = e.governance().review(policy);
            }
            if (format == Format.json) {
                out.println(json(report));
            } else {
                table(report, out);
            }
            out.flush();
            return PassErrors.print(report, err, "review");
        });
    }

    private static void table(PassReport report, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACCOUNT/REGION", "SESSION", "TARGET", "TIER", "AGE", "LEFT", "IDLE", "OWNER", "PRINCIPAL",
                "FINDINGS"});
        for (PairReport pair : report.pairs()) {
            for (SessionVerdict v : pair.verdicts()) {
                rows.add(new String[] {pair.pair().toString(), v.session().sessionId(), v.session().target(),
                        v.tier().name(), Durations.format(v.age()), Durations.format(v.timeLeft()),
                        v.idle().map(Durations::format).orElse("unknown"), v.owner().orElse("-"), v.session().owner(), findings(v)});
            }
        }
        int[] widths = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        long sessions = rows.size() - 1L;
        out.printf("%d active session(s) in %d account/region pair(s)%n", sessions, report.pairs().size());
    }

    private static String findings(SessionVerdict v) {
        String f = v.findings().stream().map(x -> x.type().name()).collect(Collectors.joining(","));
        String exempt = v.protectedBy().map(e -> "exempt until " + e.expires()).orElse("");
        return f.isEmpty() && exempt.isEmpty() ? "-" : f + (f.isEmpty() || exempt.isEmpty() ? "" : " ") + exempt;
    }

    static String json(PassReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode sessions = mapper.createArrayNode();
        for (PairReport pair : report.pairs()) {
            for (SessionVerdict v : pair.verdicts()) {
                ObjectNode s = sessions.addObject();
                s.put("accountId", pair.pair().accountId());
                s.put("region", pair.pair().region());
                s.put("sessionId", v.session().sessionId());
                s.put("target", v.session().target());
                s.put("tier", v.tier().name());
                s.put("startDate", v.session().startDate().toString());
                s.put("ageSeconds", v.age().toSeconds());
                s.put("timeLeftSeconds", v.timeLeft().toSeconds());
                // null when activity cannot be known (no CloudWatch logging): never guessed.
                v.idle().ifPresentOrElse(i -> s.put("idleSeconds", i.toSeconds()), () -> s.putNull("idleSeconds"));
                v.owner().ifPresentOrElse(o -> s.put("ownerTag", o), () -> s.putNull("ownerTag"));
                s.put("principal", v.session().owner());
                s.put("document", v.session().documentName());
                ArrayNode findings = s.putArray("findings");
                for (Finding f : v.findings()) {
                    findings.addObject().put("type", f.type().name()).put("expected", f.expected())
                            .put("actual", f.actual());
                }
                v.protectedBy().ifPresent(e -> s.put("exemptUntil", e.expires().toString()));
            }
        }
        ObjectNode root = mapper.createObjectNode();
        root.set("sessions", sessions);
        ArrayNode errors = root.putArray("errors");
        report.pairs().forEach(p -> p.error().ifPresent(e -> errors.addObject().put("accountId", p.pair().accountId())
                .put("region", p.pair().region()).put("error", e)));
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
