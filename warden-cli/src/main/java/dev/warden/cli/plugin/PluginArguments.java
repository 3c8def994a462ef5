package dev.warden.cli.plugin;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The argv contract of the official session-manager-plugin as the AWS CLI calls it (client-protocol.md §1.1):
 * {@code session-manager-plugin RESPONSE REGION StartSession PROFILE PARAMETERS ENDPOINT}. The arguments here are
 * argv[1..]: Java never sees argv[0].
 *
 * <p>Parsing gives either text to print and exit with (the presence check, {@code --version}, an unknown
 * operation: the official plugin's exact words, all with exit status 0) or an {@link Invocation}.
 */
public final class PluginArguments {

    /**
     * The version printed for {@code --version}: the official release whose behaviour the client reproduces
     * ({@code ClientOptions.CLIENT_VERSION}). Newer AWS CLIs require a dotted version and pass the StartSession
     * response in an environment variable (not on the command line, where {@code ps} shows its token) only to
     * plugins newer than 1.2.497.0.
     */
    static final String PLUGIN_VERSION = dev.warden.client.ClientOptions.CLIENT_VERSION;

    /** argv[1] starting with this names the environment variable that holds the response. */
    static final String RESPONSE_VARIABLE_PREFIX = "AWS_SSM_START_SESSION_RESPONSE";

    static final String INSTALLED = "\nThe Session Manager plugin was installed successfully. Use the AWS CLI to "
            + "start a session.\n\n";

    private PluginArguments() {
    }

    /** What the arguments ask for. */
    public sealed interface Parsed permits Print, Invocation {
    }

    /** Print {@code text} to stdout and exit 0 (the official plugin's answers to anything but a session). */
    public record Print(String text) implements Parsed {
    }

    /**
     * A session to attach to.
     *
     * @param responseJson the StartSession response (a secret: it holds the token; never print it)
     * @param region       the region the CLI used
     * @param profile      the CLI's {@code --profile}, or empty for the default credential chain
     * @param requestJson  the StartSession request parameters (Target, DocumentName, Parameters)
     * @param endpoint     the SSM endpoint the CLI used, or empty
     * @param legacyCli    called with only three arguments, as CLIs from before KMS encryption did
     */
    public record Invocation(String responseJson, String region, String profile, String requestJson,
                             String endpoint, boolean legacyCli) implements Parsed {
        @Override
        public String toString() {
            return "Invocation[region=" + region + ", profile=" + profile + ", request=" + requestJson
                    + ", endpoint=" + endpoint + ", response=<redacted>]";
        }
    }

    /**
     * Parses argv[1..].
     *
     * @param environment reads an environment variable (null when unset)
     * @throws IllegalArgumentException when argv[1] names an environment variable that is not set
     */
    public static Parsed parse(List<String> args, UnaryOperator<String> environment) {
        if (args.isEmpty()) {
            return new Print(INSTALLED);
        }
        if (args.size() == 1 && "--version".equals(args.get(0))) {
            return new Print(PLUGIN_VERSION + "\n");
        }
        if (args.size() < 3) {
            return new Print("\nUnknown operation " + args.get(0)
                    + ". \nUse session-manager-plugin --version to check the version.\n\n");
        }
        if (!"StartSession".equals(args.get(2))) {
            return new Print("Invalid Operation");
        }
        String response = args.get(0);
        if (response.startsWith(RESPONSE_VARIABLE_PREFIX)) {
            String fromEnvironment = environment.apply(response);
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                throw new IllegalArgumentException("the environment variable " + response
                        + " that should hold the StartSession response is not set");
            }
            response = fromEnvironment;
        }
        return new Invocation(response, args.get(1), at(args, 3), at(args, 4), at(args, 5), args.size() == 3);
    }

    private static String at(List<String> args, int index) {
        return index < args.size() ? args.get(index) : "";
    }
}
