package dev.warden.sandbox.agent;

import dev.warden.protocol.channel.ReliableChannel;
import io.netty.channel.EventLoop;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer a {@link ReliableChannel} needs: after every call into the engine, {@link #reschedule()} moves it
 * to the engine's next deadline; when it fires the engine retransmits or paces. Confined to the session's loop.
 */
final class ChannelTimer {

    private final ReliableChannel channel;
    private final EventLoop loop;
    private final Runnable afterTimer;
    private ScheduledFuture<?> timer;
    private OptionalLong scheduledFor = OptionalLong.empty();
    private boolean rescheduleQueued;

    /** @param afterTimer runs after each timer event, on the loop (e.g. to reschedule other timers) */
    ChannelTimer(ReliableChannel channel, EventLoop loop, Runnable afterTimer) {
        this.channel = channel;
        this.loop = loop;
        this.afterTimer = afterTimer;
    }

    void reschedule() {
        OptionalLong deadline = channel.nextDeadlineNanos();
        if (deadline.equals(scheduledFor)) {
            return;
        }
        cancel();
        scheduledFor = deadline;
        if (deadline.isPresent()) {
            long delay = Math.max(0, deadline.getAsLong() - System.nanoTime());
            timer = loop.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Reschedules once the current event-loop task is done: for code that used the engine outside the session's
     * own entry points (a plugin's socket handler, the byte-stream bridge), however often it did so.
     */
    void rescheduleSoon() {
        if (!rescheduleQueued) {
            rescheduleQueued = true;
            loop.execute(() -> {
                rescheduleQueued = false;
                reschedule();
            });
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        scheduledFor = OptionalLong.empty();
    }

    private void fire() {
        timer = null;
        scheduledFor = OptionalLong.empty();
        channel.onTimer();
        afterTimer.run();
        reschedule();
    }
}
