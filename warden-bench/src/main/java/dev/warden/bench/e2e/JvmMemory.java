package dev.warden.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another JVM's memory after one full GC, read from outside (jcmd and /proc), so the figure is that process's
 * alone and not the harness's.
 */
final class JvmMemory {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private JvmMemory() {
    }

    /** Resident set and Java heap in use, in MiB. */
    record Memory(double residentMiB, double heapUsedMiB) {
    }

    static Memory afterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return new Memory(residentMiB(pid), heapUsedMiB(pid));
    }

    private static double residentMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static double heapUsedMiB(long pid) throws IOException, InterruptedException {
        Matcher matcher = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!matcher.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no 'used' figure");
        }
        return Long.parseLong(matcher.group(1)) / 1024.0;
    }

    private static String jcmd(long pid, String what) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
