package dev.warden.sandbox.faults;

import dev.warden.protocol.channel.FrameTransport;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The emulated agent's frames on their way to the client, through a {@link FaultyFrameLink}. Writability and
 * flushing are the real transport's; only the frames meet the faults.
 */
public final class FaultyFrameTransport implements FrameTransport {

    private final FrameTransport delegate;
    private final FaultyFrameLink link;

    public FaultyFrameTransport(FrameTransport delegate, Faults faults, FrameDice dice,
                                ScheduledExecutorService sessionThread) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.link = new FaultyFrameLink(faults, dice, sessionThread, new FaultyFrameLink.Sink() {
            @Override
            public void deliver(byte[] frame) {
                delegate.write(frame);
            }

            @Override
            public void flush() {
                delegate.flush();
            }
        }, true);
    }

    @Override
    public void write(byte[] frame) {
        link.send(frame);
    }

    @Override
    public boolean isWritable() {
        return delegate.isWritable();
    }

    @Override
    public void flush() {
        delegate.flush();
    }
}
