package dev.warden.governance.events;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Handles events several at a time, in order per session: each event goes to one of a fixed number of lanes (a
 * thread each), chosen by its session (a document event: by its account × region), so that a session's
 * StartSession and TerminateSession are never handled at the same time or out of their order of arrival, while
 * different sessions' events are handled side by side. At most {@code capacity} events wait or run at once; an
 * event beyond that is refused at once, so that its sender retries later instead of a queue growing without bound.
 */
public final class EventDispatcher implements AutoCloseable {

    private final Function<SessionEvent, EventIntake.Outcome> handler;
    private final ExecutorService[] lanes;
    private final Semaphore room;
    private final int capacity;

    /**
     * @param lanes    how many events are handled at once at most
     * @param capacity how many events may wait or run at once
     * @param handler  handles one event (on a lane's thread)
     */
    public EventDispatcher(int lanes, int capacity, Function<SessionEvent, EventIntake.Outcome> handler) {
        if (lanes < 1 || capacity < lanes) {
            throw new IllegalArgumentException("at least one lane and as much room as lanes, were " + lanes + " and "
                    + capacity);
        }
        this.handler = handler;
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
        this.lanes = new ExecutorService[lanes];
        for (int i = 0; i < lanes; i++) {
            String name = "warden-watch-events-" + (i + 1);
            this.lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Queues the event on its session's lane; empty when {@code capacity} events are waiting or running. */
    public Optional<CompletableFuture<EventIntake.Outcome>> offer(SessionEvent event) {
        if (!room.tryAcquire()) {
            return Optional.empty();
        }
        CompletableFuture<EventIntake.Outcome> outcome = new CompletableFuture<>();
        try {
            lanes[laneOf(event)].execute(() -> {
                EventIntake.Outcome handled;
                try {
                    handled = handler.apply(event);
                } catch (RuntimeException e) {
                    room.release();
                    outcome.completeExceptionally(e);
                    return;
                }
                // The room first: whoever sees the outcome sees the event no longer pending.
                room.release();
                outcome.complete(handled);
            });
        } catch (RejectedExecutionException stopped) {
            room.release();
            outcome.completeExceptionally(new IllegalStateException("watch is stopping", stopped));
        }
        return Optional.of(outcome);
    }

    /** Events waiting or being handled now. */
    public int pending() {
        return capacity - room.availablePermits();
    }

    private int laneOf(SessionEvent event) {
        String order = event.accountId() + "/" + event.region() + "/" + event.sessionId().orElse("");
        return Math.floorMod(order.hashCode(), lanes.length);
    }

    /** Stops taking events and waits a little for those being handled; those waiting are dropped (redelivered). */
    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
