package dev.warden.governance.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, written against its specification (no library
 * parser resolves here): every line is a {@code # HELP}, a {@code # TYPE}, another comment, or a sample
 * {@code name{label="value",…} value [timestamp]}; names and label names have their allowed characters, label
 * values only the escapes {@code \\}, {@code \"} and {@code \n}; a family's TYPE comes once and before its
 * samples, and its samples carry its name (with {@code _bucket}, {@code _sum}, {@code _count} for histograms and
 * summaries); a histogram's buckets rise, end at {@code le="+Inf"}, and that bucket equals its count. Anything
 * else throws, naming the line.
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (\\S+)( .*)?");
    private static final Set<String> TYPES_WITH_SUFFIXES = Set.of("histogram", "summary");

    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> sampled = new HashSet<>();
        String[] lines = text.split("\n", -1);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE")) {
                Matcher m = TYPE.matcher(line);
                require(m.matches(), n, "malformed TYPE line");
                require(NAME.matcher(m.group(1)).matches(), n, "bad metric name " + m.group(1));
                require(types.put(m.group(1), m.group(2)) == null, n, "second TYPE for " + m.group(1));
                require(!sampled.contains(m.group(1)), n, "TYPE after samples of " + m.group(1));
                continue;
            }
            if (line.startsWith("# HELP")) {
                Matcher m = HELP.matcher(line);
                require(m.matches() && NAME.matcher(m.group(1)).matches(), n, "malformed HELP line");
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Sample s = sample(line, n);
            String family = familyOf(s.name(), types);
            require(family != null, n, "sample " + s.name() + " of no declared family");
            sampled.add(family);
            parsed.samples.add(s);
        }
        parsed.checkHistograms(types);
        return parsed;
    }

    /** The samples of {@code name} whose labels include {@code labels}. */
    List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** The sum of those samples' values (0 when there is none). */
    double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    private static String familyOf(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (TYPES_WITH_SUFFIXES.contains(types.get(base))
                        && (!suffix.equals("_bucket") || types.get(base).equals("histogram"))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, int n) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(NAME.matcher(name).matches(), n, "bad metric name '" + name + "'");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                require(eq > i, n, "label without '='");
                String label = line.substring(i, eq);
                require(LABEL_NAME.matcher(label).matches(), n, "bad label name '" + label + "'");
                require(line.charAt(eq + 1) == '"', n, "label value not quoted");
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    require(j < line.length(), n, "unterminated label value");
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(j + 1 < line.length(), n, "dangling escape");
                        char e = line.charAt(j + 1);
                        require(e == '\\' || e == '"' || e == 'n', n, "bad escape \\" + e);
                        value.append(e == 'n' ? '\n' : e);
                        j += 2;
                        continue;
                    }
                    value.append(c);
                    j++;
                }
                require(labels.put(label, value.toString()) == null, n, "label " + label + " twice");
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    require(line.charAt(i) == '}', n, "expected ',' or '}'");
                }
            }
            i++;
        }
        require(i < line.length() && line.charAt(i) == ' ', n, "no space before the value");
        String[] rest = line.substring(i + 1).split(" ", -1);
        require(rest.length == 1 || rest.length == 2, n, "expected a value and an optional timestamp");
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + n + ": bad timestamp " + rest[1]);
            }
        }
        return new Sample(name, labels, value(rest[0], n));
    }

    private static double value(String text, int n) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                require(text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"), n, "bad value " + text);
                return Double.parseDouble(text);
        }
    }

    private void checkHistograms(Map<String, String> types) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> rest = new LinkedHashMap<>(s.labels());
                    require(rest.remove("le") != null, 0, family + "_bucket without le");
                    series.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
                }
            }
            series.forEach((labels, buckets) -> {
                double previousBound = Double.NEGATIVE_INFINITY;
                double previousCount = 0;
                for (Sample b : buckets) {
                    double bound = value(b.labels().get("le"), 0);
                    require(bound > previousBound, 0, family + ": buckets not in rising order");
                    require(b.value() >= previousCount, 0, family + ": bucket counts fall");
                    previousBound = bound;
                    previousCount = b.value();
                }
                require(previousBound == Double.POSITIVE_INFINITY, 0, family + ": no le=\"+Inf\" bucket");
                double count = samples.stream().filter(s -> s.name().equals(family + "_count")
                        && s.labels().equals(labels)).mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
                require(count == previousCount, 0, family + ": the +Inf bucket is not the count");
            });
        });
    }

    private static void require(boolean ok, int line, String problem) {
        if (!ok) {
            throw new IllegalArgumentException((line > 0 ? "line " + line + ": " : "") + problem);
        }
    }
}
