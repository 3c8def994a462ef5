package dev.warden.sandbox.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * The Linux properties of an InteractiveCommands or NonInteractiveCommands document (the agent's
 * {@code ShellConfig}, agent-side.md §5.5): {@code {"linux":{"commands":…,"runAsElevated":…,
 * "separateOutputStream":…,"stdOutSeparatorPrefix":…,"stdErrSeparatorPrefix":…}}}. A document whose properties
 * have no {@code linux} member is read as if they were the Linux ones. Booleans may be JSON booleans or the strings
 * "true"/"false", as the agent accepts them.
 *
 * @param commands              the command line
 * @param runAsElevated         run as root instead of the session's user
 * @param separateOutputStream  NonInteractiveCommands: send stderr as StdErr and the exit code as ExitCode
 * @param stdOutSeparatorPrefix text put before stdout chunks (see the agent's separator rules)
 * @param stdErrSeparatorPrefix text put before stderr chunks
 */
public record CommandProperties(String commands, boolean runAsElevated, boolean separateOutputStream,
                                String stdOutSeparatorPrefix, String stdErrSeparatorPrefix) {

    /** The agent's allowed separator prefixes. */
    private static final Pattern PREFIX = Pattern.compile("^[0-9a-zA-Z\\r\\n_:-]{0,30}$");

    public static CommandProperties of(JsonNode properties) {
        JsonNode linux = properties != null && properties.path("linux").isObject() ? properties.get("linux")
                : properties;
        if (linux == null || !linux.isObject()) {
            return new CommandProperties("", false, false, "", "");
        }
        return new CommandProperties(linux.path("commands").asText(""), bool(linux.path("runAsElevated")),
                bool(linux.path("separateOutputStream")), linux.path("stdOutSeparatorPrefix").asText(""),
                linux.path("stdErrSeparatorPrefix").asText(""));
    }

    /** Whether both separator prefixes are ones the agent accepts. */
    public boolean prefixesValid() {
        return PREFIX.matcher(stdOutSeparatorPrefix).matches() && PREFIX.matcher(stdErrSeparatorPrefix).matches();
    }

    private static boolean bool(JsonNode node) {
        return node.isBoolean() ? node.asBoolean() : "true".equalsIgnoreCase(node.asText(""));
    }
}
