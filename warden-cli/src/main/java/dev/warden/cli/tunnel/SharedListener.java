package dev.warden.cli.tunnel;

import dev.warden.cli.CommandFailure;
import dev.warden.cli.ExitCodes;
import dev.warden.client.port.PortSession;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One local listener whose connections are spread round-robin over several sessions to the same destination
 * ({@code forward --sessions N}): the service caps each session's frame rate, so N sessions carry about N times
 * one session's throughput. Each accepted connection is handed to a live session, which owns it from then on.
 */
final class SharedListener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final List<PortSession> sessions;
    private int next;

    private SharedListener(ServerSocketChannel server, List<PortSession> sessions) {
        this.server = server;
        this.sessions = sessions;
    }

    static SharedListener open(InetAddress bind, int port, List<PortSession> sessions) {
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(bind, port), 1024);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "Cannot listen on the local port "
                    + ForwardSpec.hostPort(bind.getHostAddress(), port) + ": " + e.getMessage(), e);
        }
        SharedListener listener = new SharedListener(server, sessions);
        Thread acceptor = new Thread(listener::acceptLoop, "warden-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the listener is closed", e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel accepted;
            try {
                accepted = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            PortSession session = nextLiveSession();
            if (session == null) {
                closeQuietly(accepted);
                return;
            }
            session.forward(accepted);
        }
    }

    private PortSession nextLiveSession() {
        for (int tried = 0; tried < sessions.size(); tried++) {
            PortSession candidate = sessions.get(next++ % sessions.size());
            if (!candidate.completion().isDone()) {
                return candidate;
            }
        }
        return null;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
