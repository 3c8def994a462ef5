package dev.warden.cli.tunnel;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardSpecTest {

    @Test
    void local_and_remote_port_bind_the_loopback_address() {
        ForwardSpec spec = ForwardSpec.parse("8080:80");
        assertThat(spec.bind()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(spec.localPort()).isEqualTo(8080);
        assertThat(spec.remoteHost()).isEmpty();
        assertThat(spec.remotePort()).isEqualTo(80);
    }

    @Test
    void three_fields_with_a_numeric_first_name_a_remote_host() throws Exception {
        ForwardSpec spec = ForwardSpec.parse("0:db.internal:5432");
        assertThat(spec).isEqualTo(new ForwardSpec(InetAddress.getLoopbackAddress(), 0, Optional.of("db.internal"),
                5432));
    }

    @Test
    void three_fields_with_an_address_first_name_the_bind_address() throws Exception {
        ForwardSpec spec = ForwardSpec.parse("0.0.0.0:8080:80");
        assertThat(spec.bind()).isEqualTo(InetAddress.getByName("0.0.0.0"));
        assertThat(spec.remoteHost()).isEmpty();
    }

    @Test
    void ipv6_addresses_go_in_brackets() throws Exception {
        ForwardSpec spec = ForwardSpec.parse("[::1]:8080:[fd00::5]:5432");
        assertThat(spec.bind()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(spec.remoteHost()).contains("fd00::5");
        assertThat(spec.describeRemote("i-0abc")).isEqualTo("[fd00::5]:5432 via i-0abc");
    }

    @Test
    void localhost_as_remote_host_means_the_instance_itself() {
        assertThat(ForwardSpec.parse("8080:localhost:80").remoteHost()).isEmpty();
    }

    @Test
    void malformed_specs_say_what_is_wrong() {
        assertThatThrownBy(() -> ForwardSpec.parse("8080")).hasMessageContaining("[BIND:]LOCALPORT");
        assertThatThrownBy(() -> ForwardSpec.parse("x:80")).hasMessageContaining("LOCALPORT 'x'");
        assertThatThrownBy(() -> ForwardSpec.parse("8080:0")).hasMessageContaining("REMOTEPORT must be within 1..");
        assertThatThrownBy(() -> ForwardSpec.parse("70000:80")).hasMessageContaining("LOCALPORT must be within 0..");
        assertThatThrownBy(() -> ForwardSpec.parse("[::1:8080:80")).hasMessageContaining("unbalanced brackets");
    }
}
