package dev.warden.cli.resident;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The resident process's server: accepts launchers on its socket, runs each one's command on a thread of its own,
 * and leaves when nothing has run for the idle limit, when asked to stop (once its commands have ended), or when its
 * socket file is gone (nobody can reach it any more). Its caller holds the address's lock throughout.
 */
final class Resident {

    private static final Logger log = LoggerFactory.getLogger(Resident.class);

    private final ResidentAddress address;
    private final Duration idleLimit;
    private final Instant started = Instant.now();
    private final Set<ResidentConnection> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections = Executors.newCachedThreadPool(new NamedThreads());
    private final ScheduledExecutorService idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "warden-resident-idle");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lifecycle = new Object();
    private ServerSocketChannel server;
    private Instant lastActive = Instant.now();
    private boolean draining;

    Resident(ResidentAddress address, Duration idleLimit) {
        this.address = address;
        this.idleLimit = idleLimit;
    }

    /** Binds the socket (replacing a stale one: the caller holds the lock) and serves until it is closed. */
    void serve() throws IOException {
        Files.deleteIfExists(address.socket());
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(address.socketAddress());
        long period = Math.max(1, Math.min(30, idleLimit.toSeconds() / 4));
        idleCheck.scheduleWithFixedDelay(this::leaveIfUnneeded, period, period, TimeUnit.SECONDS);
        log.info("serving on {} (pid {}); leaves after {} without a command", address.socket(),
                ProcessHandle.current().pid(), idleLimit);
        try {
            while (true) {
                SocketChannel channel = server.accept();
                connections.execute(new ResidentConnection(this, channel)::serve);
            }
        } catch (ClosedChannelException e) {
            // closed to leave, or to drain
        }
    }

    /** Registers a command about to run; false when the resident is stopping. */
    boolean begin(ResidentConnection connection) {
        synchronized (lifecycle) {
            if (draining) {
                return false;
            }
            running.add(connection);
            return true;
        }
    }

    /** A command has ended. */
    void end(ResidentConnection connection) {
        boolean leave;
        synchronized (lifecycle) {
            running.remove(connection);
            lastActive = Instant.now();
            leave = draining && running.isEmpty();
        }
        if (leave) {
            leave("stopped, its last command ended");
        }
    }

    /** Takes no new command, and leaves once the running ones have ended. */
    void drain() {
        boolean leave;
        synchronized (lifecycle) {
            draining = true;
            leave = running.isEmpty();
        }
        closeServer();
        log.info("asked to stop; {} command(s) running", running.size());
        if (leave) {
            leave("stopped");
        }
    }

    /** Stops every running command, as their launchers' going away would: the JVM is shutting down. */
    void stopAll() {
        running.forEach(ResidentConnection::stop);
        closeServer();
    }

    /** One line for {@code warden resident}. */
    String status() {
        String commands = running.stream().map(ResidentConnection::description)
                .collect(Collectors.joining("; "));
        return "resident " + address.id() + ": pid " + ProcessHandle.current().pid() + ", since "
                + started.truncatedTo(ChronoUnit.SECONDS) + ", " + running.size() + " command(s) running"
                + (commands.isEmpty() ? "" : ": " + commands);
    }

    private void leaveIfUnneeded() {
        boolean idle;
        boolean unreachable;
        synchronized (lifecycle) {
            unreachable = !draining && !Files.exists(address.socket());
            idle = running.isEmpty() && Duration.between(lastActive, Instant.now()).compareTo(idleLimit) >= 0;
        }
        if (unreachable) {
            leave("its socket " + address.socket() + " was removed");
        } else if (idle) {
            leave("no command for " + idleLimit);
        }
    }

    private void leave(String why) {
        log.info("leaving: {}", why);
        closeServer();
        System.exit(0);
    }

    private void closeServer() {
        try {
            if (server != null && server.isOpen()) {
                server.close();
                Files.deleteIfExists(address.socket());
            }
        } catch (IOException e) {
            log.debug("closing the socket failed", e);
        }
    }

    private static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task, "warden-resident-" + count.incrementAndGet());
        }
    }
}
