package dev.warden.governance.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Small writes of many threads committed together: the work of every thread waiting at that moment runs in one
 * transaction on one writer thread, so that one commit serves them all. A commit is what a write costs on SQLite
 * (its journal is synced to disk), and one writer at a time is all SQLite allows; a burst of events written one
 * transaction each would queue on the disk. Each caller still waits for its own work to be committed.
 *
 * <p>The work must touch nothing but the store: when one caller's work fails, the batch is rolled back and each
 * work is run again alone, so that only the failing one fails.
 */
public final class GroupCommit implements AutoCloseable {

    /** At most this many works share a transaction. */
    private static final int MAX_BATCH = 256;

    private record Work<T>(HandleCallback<T, RuntimeException> callback, CompletableFuture<T> result) {
    }

    private final Jdbi jdbi;
    private final BlockingQueue<Work<?>> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    public GroupCommit(GovernanceStore store) {
        this.jdbi = store.jdbi();
        this.writer = new Thread(this::run, "warden-store-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Runs {@code work} in the next transaction and returns its result once that is committed. */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (!running) {
            throw new StoreException("the store's writer is stopped");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(new Work<>(work, result));
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("a write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a write", e);
        }
    }

    private void run() {
        while (running) {
            Work<?> first;
            try {
                first = waiting.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            List<Work<?>> batch = new ArrayList<>();
            batch.add(first);
            waiting.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
        }
        Work<?> left;
        while ((left = waiting.poll()) != null) {
            left.result().completeExceptionally(new StoreException("the store's writer is stopped"));
        }
    }

    private void commit(List<Work<?>> batch) {
        List<Object> results = new ArrayList<>();
        try {
            jdbi.useTransaction(h -> {
                for (Work<?> w : batch) {
                    results.add(w.callback().withHandle(h));
                }
            });
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            for (Work<?> w : batch) {
                commit(List.of(w));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Work<T> work, Object result) {
        work.result().complete((T) result);
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
