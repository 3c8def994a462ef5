package dev.warden.client.port;

import io.netty.buffer.ByteBuf;

/** The session side of one forwarded stream, as its {@link LocalEnd} sees it. Called on the session's event loop. */
interface RemoteEnd {

    /** Sends {@code data} (ownership passes); data written after the end is dropped. */
    void write(ByteBuf data);

    /** The end of a burst of writes: send now what was written. */
    void flush();

    /** Whether writing is welcome; while false the local end stops reading until {@link LocalEnd#onRemoteWritable()}. */
    boolean isWritable();

    /** The local side ended. */
    void close();

    /** The local end has room again after {@link LocalEnd#wantsMoreData()} was false. */
    void resumeDelivery();
}
