package dev.warden.client.shell;

import dev.warden.client.SessionEnd;
import dev.warden.client.io.CallerOutbound;
import dev.warden.client.session.SessionChannel;
import dev.warden.client.session.SessionHandler;
import dev.warden.protocol.Decoding;
import dev.warden.protocol.channel.ChannelListener.Delivery;
import dev.warden.protocol.frame.PayloadType;
import dev.warden.protocol.payload.ExitCode;
import dev.warden.protocol.payload.TerminalSize;

import java.io.IOException;
import java.util.Objects;

/**
 * The shell session type ({@code Standard_Stream}, which also serves InteractiveCommands and
 * NonInteractiveCommands): output to a {@link ShellListener}, keyboard input as Output messages (one per write,
 * a lone LF sent as CR as the official client does for terminal input), terminal sizes as Size messages.
 * Output that arrives before a listener is set is refused (NOT_READY), so the agent sends it again; nothing is
 * lost and nothing is buffered here. Confined to the session's event loop, except the input queue.
 */
final class ShellHandler implements SessionHandler {

    private final SessionChannel channel;
    private final CallerOutbound input;
    private final boolean mapLoneLineFeed;
    private ShellListener listener;
    private TerminalSize lastSize;
    private boolean draining;

    ShellHandler(SessionChannel channel, ShellListener listener, TerminalSize initialSize, boolean mapLoneLineFeed) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.listener = listener;
        this.mapLoneLineFeed = mapLoneLineFeed;
        this.input = new CallerOutbound(Math.max(4096, channel.options().localBufferBytes()),
                () -> channel.eventLoop().execute(this::drainInput));
        if (initialSize != null) {
            // After the acknowledgement of whatever started the session (the first output of a shell without
            // handshake), as the official client's resize poll does.
            channel.eventLoop().execute(() -> resize(initialSize));
        }
    }

    CallerOutbound input() {
        return input;
    }

    void listener(ShellListener newListener) {
        this.listener = newListener;
        if (newListener != null) {
            channel.readyToReceive();
        }
    }

    /** Sends a Size message when the size differs from the last one sent, as the plugin's resize poll does. */
    void resize(TerminalSize size) {
        if (channel.isEnded() || size.equals(lastSize)) {
            return;
        }
        lastSize = size;
        channel.sendControl(size);
    }

    @Override
    public Delivery onData(PayloadType type, byte[] plaintext) {
        ShellListener target = listener;
        if (target == null) {
            return Delivery.NOT_READY;
        }
        switch (type) {
            case STDERR:
                target.onStderr(plaintext);
                break;
            case EXIT_CODE:
                Decoding<ExitCode> code = ExitCode.decode(plaintext);
                if (code.isOk()) {
                    target.onExitCode(code.value().code());
                } else {
                    target.onOutput(plaintext);
                }
                break;
            default:
                target.onOutput(plaintext);
        }
        return Delivery.ACCEPTED;
    }

    @Override
    public void onWritable() {
        drainInput();
    }

    @Override
    public boolean hasPendingOutput() {
        return !input.isEmpty();
    }

    @Override
    public void onEnd(SessionEnd end) {
        input.fail(new IOException("the session ended: " + end.message()));
    }

    private void drainInput() {
        if (draining || channel.isEnded()) {
            return;
        }
        draining = true;
        try {
            while (channel.isWritable()) {
                byte[] piece = input.next(channel.options().chunkSize(), false);
                if (piece == null) {
                    break;
                }
                if (mapLoneLineFeed && piece.length == 1 && piece[0] == '\n') {
                    piece[0] = '\r'; // terminals deliver Enter as LF after ICRNL; the remote pty expects CR
                }
                channel.sendOutput(piece);
            }
            if (input.isClosedAndDrained()) {
                channel.closeGracefully();
            }
        } finally {
            draining = false;
        }
    }
}
