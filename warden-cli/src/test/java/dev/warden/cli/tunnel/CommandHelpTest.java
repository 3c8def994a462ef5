package dev.warden.cli.tunnel;

import dev.warden.cli.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Every session command explains itself and its exit codes; ssh-config prints a usable block. */
class CommandHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"ssh-proxy", "ssh-config", "forward", "start-session"})
    void help_describes_the_command_and_its_exit_codes(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out));
        assertThat(cli.execute(command, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: warden " + command).contains("Exit codes")
                .doesNotContain("%h %p".replace("%", "%%"));
    }

    @Test
    void session_commands_take_the_global_and_aws_options() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out));
        assertThat(cli.execute("forward", "--help")).isZero();
        assertThat(out.toString()).contains("--region").contains("--profile").contains("--endpoint-url")
                .contains("--verbose").contains("--quiet").contains("--log-file").contains("--sessions");
    }

    @Test
    void ssh_config_prints_a_host_block_with_the_proxy_command() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out));
        assertThat(cli.execute("ssh-config", "--profile", "ops", "--region", "eu-west-1")).isZero();
        assertThat(out.toString()).contains("Host i-* mi-*\n")
                .contains("    ProxyCommand warden ssh-proxy --profile ops --region eu-west-1 %h %p\n");
    }
}
