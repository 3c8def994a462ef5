package dev.warden.sandbox.testing;

import dev.warden.protocol.channel.ReliableChannel;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread a test client's reliable channel runs on, as in the official client. After every piece of work
 * on it, the channel's next deadline (retransmission, acknowledgement) is scheduled again: the channel has no
 * clock of its own, and its timers must fire without the test driving them.
 */
public final class ChannelThread implements AutoCloseable {

    private final ScheduledExecutorService executor;
    private final ReliableChannel channel;
    private ScheduledFuture<?> timer;
    private OptionalLong timerAt = OptionalLong.empty();

    public ChannelThread(String name, ReliableChannel channel) {
        this.channel = channel;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code action} on the channel's thread and waits for it, at most 10 s. */
    public <T> T call(Callable<T> action) {
        try {
            return executor.submit(() -> {
                try {
                    return action.call();
                } finally {
                    reschedule();
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code task} on the channel's thread later, without waiting. */
    public void execute(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } finally {
                reschedule();
            }
        });
    }

    /** The thread as an executor, for what runs beside the channel on it (such as an smux session). */
    public ScheduledExecutorService executor() {
        return executor;
    }

    private void reschedule() {
        OptionalLong deadline = channel.nextDeadlineNanos();
        if (deadline.equals(timerAt)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = deadline;
        timer = deadline.isEmpty() ? null : executor.schedule(() -> {
            timerAt = OptionalLong.empty();
            channel.onTimer();
            reschedule();
        }, Math.max(0, deadline.getAsLong() - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Stops the thread; work not yet started is dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
