package dev.warden.bench.e2e;

import dev.warden.client.port.PortSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One loopback listener whose connections go round-robin to several port sessions through
 * {@link PortSession#forward(SocketChannel)}: what {@code warden forward --sessions N} does (the CLI's
 * {@code SharedListener}, which is package-private there), kept in the harness so the client's frame counters
 * stay readable per session.
 */
final class SpreadListener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final List<PortSession> sessions;
    private int next;

    SpreadListener(List<PortSession> sessions) throws IOException {
        this.sessions = List.copyOf(sessions);
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        Thread acceptor = new Thread(this::acceptLoop, "spread-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel accepted = server.accept();
                sessions.get(next++ % sessions.size()).forward(accepted);
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
