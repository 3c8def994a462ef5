package dev.warden.client.port;

import io.netty.buffer.ByteBuf;

/**
 * The local side of one forwarded stream: a TCP connection accepted on a local port, or a {@link PortStream}
 * used by Java code. Called on the session's event loop.
 */
interface LocalEnd {

    /** The stream is connected to {@code remote}: start reading local data and writing it there. */
    void bind(RemoteEnd remote);

    /** Data from the remote side; the local end owns (and releases) the buffer. */
    void onRemoteData(ByteBuf data);

    /** Whether more remote data is welcome now; while false, the remote side stops delivering. */
    boolean wantsMoreData();

    /** The remote side takes data again after {@link RemoteEnd#isWritable()} was false. */
    void onRemoteWritable();

    /** The remote side ended (stream closed, session ended, or never connected). */
    void onRemoteClosed();
}
