package dev.warden.cli.resident;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One resident per environment: what tells environments apart, and where residents may live. */
class ResidentAddressTest {

    @TempDir
    Path directory;

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(Map.of("HOME", "/home/ana", "PATH", "/usr/bin:/bin",
                "AWS_PROFILE", "prod", "WARDEN_RESIDENT_DIR", directory.toString()));
        env.put("PWD", "/home/ana/src");
        env.put("SHLVL", "1");
        return env;
    }

    @Test
    void terminals_of_one_environment_share_a_resident() {
        Map<String, String> other = environment();
        other.put("PWD", "/tmp");
        other.put("SHLVL", "3");
        other.put("TERM", "screen-256color");
        other.put("_", "/usr/bin/ssh");
        assertThat(ResidentAddress.of(other).id()).isEqualTo(ResidentAddress.of(environment()).id());
    }

    @Test
    void anything_a_session_reads_gives_another_resident() {
        String id = ResidentAddress.of(environment()).id();
        for (String variable : new String[] {"AWS_PROFILE", "PATH", "AWS_ACCESS_KEY_ID", "WARDEN_JAVA_OPTS"}) {
            Map<String, String> other = environment();
            other.put(variable, "something else");
            assertThat(ResidentAddress.of(other).id()).as(variable).isNotEqualTo(id);
        }
    }

    @Test
    void the_socket_name_reveals_no_value() {
        Map<String, String> env = environment();
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        ResidentAddress address = ResidentAddress.of(env);
        assertThat(address.id()).matches("[0-9a-f]{24}");
        assertThat(address.socket()).isEqualTo(directory.resolve(address.id() + ".sock"));
    }

    @Test
    void a_directory_open_to_others_is_refused_with_the_fix() throws Exception {
        ResidentAddress address = ResidentAddress.of(environment());
        address.createDirectory();
        assertThat(address.problem()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(address.problem()).hasValueSatisfying(p -> assertThat(p).contains("chmod 700 " + directory));
    }

    @Test
    void a_socket_path_too_long_for_unix_sockets_names_the_setting_to_change() {
        Map<String, String> env = environment();
        env.put("WARDEN_RESIDENT_DIR", directory.resolve("x".repeat(100)).toString());
        assertThat(ResidentAddress.of(env).problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("too long").contains("WARDEN_RESIDENT_DIR"));
    }

    @Test
    void the_idle_limit_comes_from_the_environment_and_a_wrong_one_says_what_is_expected() {
        assertThat(ResidentMain.idleLimit(Map.of())).isEqualTo(Duration.ofMinutes(30));
        assertThat(ResidentMain.idleLimit(Map.of("WARDEN_RESIDENT_IDLE", "90s")))
                .isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> ResidentMain.idleLimit(
                        Map.of("WARDEN_RESIDENT_IDLE", "soon")))
                .hasMessageContaining("WARDEN_RESIDENT_IDLE=soon is not a duration").hasMessageContaining("30m");
    }
}
