package dev.warden.cli.plugin;

import dev.warden.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warden install-plugin} writes a launcher that really starts warden in plugin mode. */
class InstallPluginCommandTest {

    @TempDir
    Path temp;

    @Test
    void the_installed_launcher_answers_version_and_the_presence_check_as_the_official_plugin() throws Exception {
        Path dir = temp.resolve("bin");
        Run install = warden("install-plugin", dir.toString());
        assertThat(install.code).as(install.err).isZero();
        Path launcher = dir.resolve("session-manager-plugin");
        assertThat(install.out).contains("Installed " + launcher).contains("aws ssm start-session");
        assertThat(Files.isExecutable(launcher)).isTrue();

        assertThat(runLauncher(launcher, "--version")).isEqualTo(PluginArguments.PLUGIN_VERSION + "\n");
        assertThat(runLauncher(launcher)).isEqualTo(
                "\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n\n");
    }

    @Test
    void a_file_warden_did_not_write_is_kept_unless_forced() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("bin"));
        Path official = dir.resolve("session-manager-plugin");
        Files.writeString(official, "#!/bin/sh\necho official\n");

        Run refused = warden("install-plugin", dir.toString());
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains(official.toString()).contains("--force");
        assertThat(Files.readString(official)).contains("echo official");

        assertThat(warden("install-plugin", "--force", dir.toString()).code).isZero();
        assertThat(PluginLauncher.isWardens(official)).isTrue();
        assertThat(warden("install-plugin", dir.toString()).code).as("reinstalling over warden's own").isZero();
    }

    @Test
    void without_a_directory_it_installs_into_the_users_local_bin() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), dev.warden.cli.Main.class.getName(), "install-plugin"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Path launcher = home.resolve(".local/bin/session-manager-plugin");
        assertThat(PluginLauncher.isWardens(launcher)).isTrue();
        assertThat(out).contains("Installed " + launcher).contains("is not on PATH");
    }

    @Test
    void the_launcher_quotes_paths_for_the_shell() {
        String script = new PluginLauncher(Path.of("/opt/it's java/bin/java"), "/a b/warden.jar").script();
        assertThat(script).startsWith("#!/bin/sh\n").contains("'/opt/it'\\''s java/bin/java'")
                .contains("-cp '/a b/warden.jar' dev.warden.cli.plugin.PluginMain \"$@\"");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run warden(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String runLauncher(Path launcher, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(launcher.toString()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
