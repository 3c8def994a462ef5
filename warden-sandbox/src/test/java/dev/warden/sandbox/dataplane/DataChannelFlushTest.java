package dev.warden.sandbox.dataplane;

import dev.warden.protocol.testing.FlushConsolidationContract;
import io.netty.channel.ChannelHandler;

/** The sandbox's data channel joins the flushes of its sessions before they reach the socket. */
class DataChannelFlushTest extends FlushConsolidationContract {

    @Override
    protected ChannelHandler flushConsolidation() {
        return UpgradeHandler.flushConsolidation();
    }
}
