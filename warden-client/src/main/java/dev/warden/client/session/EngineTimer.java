package dev.warden.client.session;

import dev.warden.protocol.channel.ReliableChannel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Keeps exactly one event-loop timer for the engine's next deadline, as its documentation asks: after every
 * engine call, {@link #reschedule()}; when the timer fires, {@link ReliableChannel#onTimer()} and then the
 * owner's follow-up.
 */
final class EngineTimer {

    private final EventLoop loop;
    private final ReliableChannel engine;
    private final Runnable afterFire;
    private ScheduledFuture<?> timer;
    private long scheduledFor;
    private boolean rescheduleQueued;

    EngineTimer(EventLoop loop, ReliableChannel engine, Runnable afterFire) {
        this.loop = loop;
        this.engine = engine;
        this.afterFire = afterFire;
    }

    void reschedule() {
        OptionalLong deadline = engine.nextDeadlineNanos();
        if (deadline.isEmpty()) {
            cancel();
            return;
        }
        if (timer != null && scheduledFor == deadline.getAsLong()) {
            return;
        }
        cancel();
        scheduledFor = deadline.getAsLong();
        long delay = Math.max(0, scheduledFor - System.nanoTime());
        timer = loop.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    /**
     * Reschedules on the next loop turn, once however often it is asked for: for calls made from inside the
     * engine (a transport flush), where the engine's state is still changing.
     */
    void rescheduleSoon() {
        if (rescheduleQueued) {
            return;
        }
        rescheduleQueued = true;
        loop.execute(() -> {
            rescheduleQueued = false;
            if (!engine.isClosed()) {
                reschedule();
            }
        });
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        engine.onTimer();
        afterFire.run();
    }
}
