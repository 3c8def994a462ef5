package dev.warden.protocol.smux;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keep-alive, driven entirely by the test's clock through onTick and nextDeadlineNanos. */
class SmuxKeepAliveTest {

    private static final long SECOND = 1_000_000_000L;
    private static final SmuxConfig ON = SmuxConfig.builder().keepAliveEnabled(true).build();

    private SessionPair pair;

    @AfterEach
    void noBufferLeaks() {
        pair.shutdown();
        assertThat(pair.allocator.usedBytes()).isZero();
    }

    @Test
    void keepAliveIsOffByDefaultAndNothingIsEverSentOrClosed() {
        assertThat(SmuxConfig.defaults().keepAliveEnabled()).isFalse();
        pair = new SessionPair(SmuxConfig.defaults());
        SmuxSession session = pair.client.session;
        assertThat(session.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
        for (long t = 0; t <= 3600 * SECOND; t += SECOND) {
            session.onTick(t);
        }
        assertThat(pair.client.written).isEmpty();
        assertThat(session.isClosed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, -7_000_000_000L, Long.MAX_VALUE - 15 * SECOND})
    void nopsGoOutEveryIntervalAndASilentPeerIsDroppedAfterTheTimeout(long start) {
        pair = new SessionPair(ON, ON, start);
        SmuxSession session = pair.client.session;
        assertThat(session.nextDeadlineNanos()).isEqualTo(start + 10 * SECOND);

        session.onTick(start + 10 * SECOND - 1);
        assertThat(pair.client.written).isEmpty();
        session.onTick(start + 10 * SECOND);
        assertThat(hex(pair.client.written)).containsExactly("0103000000000000");
        assertThat(session.nextDeadlineNanos()).isEqualTo(start + 20 * SECOND);

        session.onTick(start + 20 * SECOND);
        assertThat(pair.client.written).hasSize(2);
        assertThat(session.nextDeadlineNanos()).isEqualTo(start + 30 * SECOND);

        session.onTick(start + 30 * SECOND - 1);
        assertThat(session.isClosed()).isFalse();
        session.onTick(start + 30 * SECOND);
        assertThat(session.isClosed()).isTrue();
        assertThat(pair.client.closeReasons).extracting(SmuxCloseReason::kind)
                .containsExactly(SmuxCloseReason.Kind.KEEPALIVE_TIMEOUT);
        assertThat(pair.client.written).as("no NOP from a session closing on timeout").hasSize(2);
        assertThat(session.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void twoSessionsWithKeepAliveKeepEachOtherAliveIndefinitely() {
        pair = new SessionPair(ON);
        for (long t = 0; t <= 3600 * SECOND; t = Math.min(pair.client.session.nextDeadlineNanos(),
                pair.server.session.nextDeadlineNanos())) {
            pair.client.session.onTick(t);
            pair.server.session.onTick(t);
            pair.pump();
        }
        assertThat(pair.client.session.isClosed()).isFalse();
        assertThat(pair.server.session.isClosed()).isFalse();
        assertThat(pair.client.written).hasSize(360);
    }

    @Test
    void aPeerWithKeepAliveOffIsDroppedByOneWithItOn() {
        // The mismatch of agent-side.md §9: one side pings, the other stays silent while idle.
        pair = new SessionPair(ON, SmuxConfig.defaults(), 0);
        long t = 0;
        while (!pair.client.session.isClosed() && t < 120 * SECOND) {
            t = pair.client.session.nextDeadlineNanos();
            pair.client.session.onTick(t);
            pair.pump();
        }
        assertThat(pair.client.session.isClosed()).isTrue();
        assertThat(t).isEqualTo(30 * SECOND);
        assertThat(pair.server.session.isClosed()).isFalse();
    }

    @Test
    void anythingReceivedDuringAPeriodCountsAndTheCheckRunsOnFixedPeriods() {
        pair = new SessionPair(ON, SmuxConfig.defaults(), 0);
        SmuxSession session = pair.client.session;
        session.onTick(10 * SECOND);
        // One byte (half a frame) at 29 s: the check at 30 s sees traffic, the one at 60 s sees none.
        session.onInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        session.onTick(30 * SECOND);
        assertThat(session.isClosed()).isFalse();
        session.onTick(59 * SECOND);
        assertThat(session.isClosed()).isFalse();
        session.onTick(60 * SECOND);
        assertThat(session.isClosed()).isTrue();
    }

    @Test
    void missedTicksCollapseIntoOneNop() {
        pair = new SessionPair(ON.toBuilder().keepAliveTimeout(Duration.ofSeconds(100)).build(),
                SmuxConfig.defaults(), 0);
        pair.client.session.onTick(55 * SECOND);
        assertThat(pair.client.written).hasSize(1);
        assertThat(pair.client.session.nextDeadlineNanos()).isEqualTo(60 * SECOND);
    }

    @Test
    void aSessionWhoseReceiveBufferIsFullIsNotDroppedForSilence() {
        SmuxConfig small = ON.toBuilder().maxReceiveBuffer(65536).build();
        pair = new SessionPair(SmuxConfig.defaults(), small, 0);
        pair.client.session.openStream().write(Unpooled.wrappedBuffer(new byte[100_000]));
        pair.pump();
        SmuxSession server = pair.server.session;
        assertThat(server.isInboundPaused()).isTrue();
        for (long t = 10 * SECOND; t <= 300 * SECOND; t += 10 * SECOND) {
            server.onTick(t);
        }
        assertThat(server.isClosed()).isFalse();
        // Once it reads, it listens again, and silence counts again.
        pair.server.accepted.get(0).read().release();
        pair.pump();
        pair.server.accepted.get(0).read().release();
        server.onTick(330 * SECOND);
        server.onTick(360 * SECOND);
        assertThat(server.isClosed()).isTrue();
    }

    private static List<String> hex(List<byte[]> frames) {
        return frames.stream().map(HexFormat.of()::formatHex).toList();
    }
}
