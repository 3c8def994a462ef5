package dev.warden.sandbox.shell;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment the agent gives a session process ({@code shell_unix.go}, agent-side spec §5.2):
 * <ol>
 *   <li>the agent's own environment, inherited;</li>
 *   <li>{@code TERM=xterm-256color}, always — the pty's default {@code linux} makes vi leave garbage;</li>
 *   <li>{@code LANG=C.UTF-8} when the inherited environment has no (or an empty) {@code LANG}, because
 *       Session Manager only carries UTF-8;</li>
 *   <li>{@code HOME=/home/<user>} when running as a RunAs user — the agent's fixed rule, not the home
 *       directory in the user database;</li>
 *   <li>finally the caller's own additions, which win over all of the above.</li>
 * </ol>
 * When no RunAs user is given the sandbox runs the process as its own user and leaves the inherited
 * {@code HOME} alone (the real agent would switch to {@code ssm-user} with {@code HOME=/home/ssm-user}).
 */
final class SessionEnvironment {

    static final String TERM = "xterm-256color";
    static final String DEFAULT_LANG = "C.UTF-8";
    /** The agent's {@code HomeEnvVariable} prefix on Linux. */
    static final String RUN_AS_HOME_PREFIX = "/home/";

    private SessionEnvironment() {
    }

    /**
     * @param inherited the agent's environment (normally {@link System#getenv()})
     * @param runAsUser the RunAs user name, or {@code null} when the process runs as the sandbox's user
     * @param additions the caller's variables, applied last
     */
    static Map<String, String> build(Map<String, String> inherited, String runAsUser, Map<String, String> additions) {
        Map<String, String> env = new LinkedHashMap<>(inherited);
        env.put("TERM", TERM);
        String lang = inherited.get("LANG");
        if (lang == null || lang.isEmpty()) {
            env.put("LANG", DEFAULT_LANG);
        }
        if (runAsUser != null) {
            env.put("HOME", RUN_AS_HOME_PREFIX + runAsUser);
        }
        env.putAll(additions);
        return Collections.unmodifiableMap(env);
    }
}
