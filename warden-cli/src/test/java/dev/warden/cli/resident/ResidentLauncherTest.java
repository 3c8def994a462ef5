package dev.warden.cli.resident;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which command lines go to the resident process, and which run in their own. */
class ResidentLauncherTest {

    private static final Map<String, String> ON = Map.of();

    @Test
    void ssh_proxy_goes_to_the_resident_with_or_without_aws_options() {
        assertThat(ResidentLauncher.eligible(List.of("ssh-proxy", "i-0123", "22"), ON)).isTrue();
        assertThat(ResidentLauncher.eligible(List.of("ssh-proxy", "--profile", "prod", "--region", "eu-west-1",
                "tag:Name=web", "-q"), ON)).isTrue();
        assertThat(ResidentLauncher.eligible(List.of("ssh-proxy", "i-0123", "--warn-before=10m"), ON)).isTrue();
    }

    @Test
    void other_commands_stay_in_their_own_process() {
        assertThat(ResidentLauncher.eligible(List.of("forward", "i-0123", "5432:5432"), ON)).isFalse();
        assertThat(ResidentLauncher.eligible(List.of("shell", "i-0123"), ON)).isFalse();
        assertThat(ResidentLauncher.eligible(List.of("--verbose", "ssh-proxy", "i-0123"), ON)).isFalse();
        assertThat(ResidentLauncher.eligible(List.of(), ON)).isFalse();
    }

    @Test
    void options_that_configure_this_process_or_print_help_keep_the_command_here() {
        for (String option : List.of("--verbose", "-v", "--log-file=/tmp/w.log", "--log-file", "--log-format=json",
                "--help", "-h", "--version", "-V", "-qv")) {
            assertThat(ResidentLauncher.eligible(List.of("ssh-proxy", "i-0123", option), ON)).as(option).isFalse();
        }
    }

    @Test
    void warden_resident_off_keeps_every_command_here() {
        for (String off : List.of("off", "OFF", "0", "false")) {
            assertThat(ResidentLauncher.eligible(List.of("ssh-proxy", "i-0123"), Map.of("WARDEN_RESIDENT", off)))
                    .as(off).isFalse();
        }
        assertThat(ResidentLauncher.eligible(List.of("ssh-proxy", "i-0123"), Map.of("WARDEN_RESIDENT", "on")))
                .isTrue();
    }
}
