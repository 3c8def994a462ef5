package dev.warden.protocol.smux;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults equal smux.DefaultConfig() as Session Manager uses it (keep-alive off); invalid settings are refused. */
class SmuxConfigTest {

    @Test
    void defaultsAreTheLibraryDefaultsWithKeepAliveOff() {
        SmuxConfig config = SmuxConfig.defaults();
        assertThat(config.version()).isEqualTo(1);
        assertThat(config.maxFrameSize()).isEqualTo(32768);
        assertThat(config.maxReceiveBuffer()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.maxStreamBuffer()).isEqualTo(65536);
        assertThat(config.keepAliveEnabled()).isFalse();
        assertThat(config.keepAliveInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void invalidSettingsAreRefusedWithTheLibrarysReasons() {
        assertRefused(SmuxConfig.builder().version(3), "unsupported protocol version");
        assertRefused(SmuxConfig.builder().keepAliveEnabled(true).keepAliveInterval(Duration.ZERO), "interval must be positive");
        assertRefused(SmuxConfig.builder().keepAliveEnabled(true).keepAliveTimeout(Duration.ofSeconds(5)),
                "timeout must be larger than keep-alive interval");
        assertRefused(SmuxConfig.builder().maxFrameSize(0), "max frame size must be positive");
        assertRefused(SmuxConfig.builder().maxFrameSize(65536), "not be larger than 65535");
        assertRefused(SmuxConfig.builder().maxReceiveBuffer(0), "max receive buffer must be positive");
        assertRefused(SmuxConfig.builder().maxReceiveBuffer(Integer.MAX_VALUE), "max receive buffer cannot be larger");
        assertRefused(SmuxConfig.builder().maxStreamBuffer(0), "max stream buffer must be positive");
        assertRefused(SmuxConfig.builder().maxReceiveBuffer(1000), "must not be larger than max receive buffer");
        assertRefused(SmuxConfig.builder().writeBufferWaterMarks(10, 5), "water marks");
        assertRefused(SmuxConfig.builder().maxBufferedInput(0), "max buffered input");
        // Keep-alive timings are not checked while keep-alive is off, as in smux.
        assertThat(SmuxConfig.builder().keepAliveInterval(Duration.ZERO).build().keepAliveEnabled()).isFalse();
    }

    @Test
    void streamIdsRunOutLikeSmuxGoAway() {
        StreamIdAllocator client = new StreamIdAllocator(0xFFFF_FFFDL);
        assertThat(Integer.toUnsignedLong(client.next(id -> false))).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> client.next(id -> false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exhausted");
        assertThatThrownBy(() -> client.next(id -> false)).isInstanceOf(IllegalStateException.class);

        StreamIdAllocator server = new StreamIdAllocator(0xFFFF_FFFCL);
        assertThat(Integer.toUnsignedLong(server.next(id -> false))).isEqualTo(0xFFFF_FFFEL);
        assertThatThrownBy(() -> server.next(id -> false)).isInstanceOf(IllegalStateException.class);

        StreamIdAllocator fresh = new StreamIdAllocator(SmuxSession.Role.CLIENT);
        assertThat(fresh.next(id -> id == 3 || id == 5)).isEqualTo(7);
    }

    private static void assertRefused(SmuxConfig.Builder builder, String reason) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }
}
