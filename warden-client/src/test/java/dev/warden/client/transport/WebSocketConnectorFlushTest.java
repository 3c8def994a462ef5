package dev.warden.client.transport;

import dev.warden.protocol.testing.FlushConsolidationContract;
import io.netty.channel.ChannelHandler;

/** The client's websocket joins the flushes of its data channel engine before they reach the socket. */
class WebSocketConnectorFlushTest extends FlushConsolidationContract {

    @Override
    protected ChannelHandler flushConsolidation() {
        return WebSocketConnector.flushConsolidation();
    }
}
