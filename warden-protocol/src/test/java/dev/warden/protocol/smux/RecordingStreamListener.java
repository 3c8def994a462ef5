package dev.warden.protocol.smux;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what a stream tells its listener, in order: its events as text ("readable N", "fin with N unread",
 * "closed"), with the bytes readable at that moment, and its writability changes on their own.
 */
final class RecordingStreamListener implements SmuxStreamListener {

    /** The events so far; a test may add its own steps between them to check the order. */
    final List<String> events = new ArrayList<>();
    final List<Boolean> writability = new ArrayList<>();

    /** A new recorder, already listening to {@code stream}. */
    static RecordingStreamListener on(SmuxStream stream) {
        RecordingStreamListener recorder = new RecordingStreamListener();
        stream.listener(recorder);
        return recorder;
    }

    @Override
    public void onReadable(SmuxStream stream) {
        events.add("readable " + stream.readableBytes());
    }

    @Override
    public void onFinReceived(SmuxStream stream) {
        events.add("fin with " + stream.readableBytes() + " unread");
    }

    @Override
    public void onWritabilityChanged(SmuxStream stream) {
        writability.add(stream.isWritable());
    }

    @Override
    public void onClosed(SmuxStream stream) {
        events.add("closed");
    }
}
