package dev.warden.sandbox.shell;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Small helpers shared by the process tests. */
final class ShellTestSupport {

    private ShellTestSupport() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static boolean threadRunning(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }

    /** The test JVM's environment without locale variables, so that the LANG rule can be seen. */
    static Map<String, String> environmentWithoutLocale() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
        return env;
    }
}
