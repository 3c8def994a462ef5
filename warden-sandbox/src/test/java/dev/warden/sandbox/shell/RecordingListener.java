package dev.warden.sandbox.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** Collects what a session process delivers, and on which thread, for assertions. */
final class RecordingListener implements SessionProcessListener {

    record Chunk(OutputKind kind, byte[] bytes, String thread) {
    }

    private final List<Chunk> chunks = new CopyOnWriteArrayList<>();
    private final List<String> exitThreads = new CopyOnWriteArrayList<>();
    private final AtomicInteger inputRooms = new AtomicInteger();
    private volatile Integer exitCode;
    private volatile boolean outputAfterExit;
    private volatile BiConsumer<OutputKind, byte[]> onEachChunk = (kind, bytes) -> { };

    /** Runs {@code action} for every chunk, on the executor, after recording it. */
    void onEachChunk(BiConsumer<OutputKind, byte[]> action) {
        this.onEachChunk = action;
    }

    @Override
    public void onOutput(OutputKind kind, byte[] chunk) {
        if (exitCode != null) {
            outputAfterExit = true;
        }
        chunks.add(new Chunk(kind, chunk, Thread.currentThread().getName()));
        onEachChunk.accept(kind, chunk);
    }

    @Override
    public void onExit(int code) {
        exitThreads.add(Thread.currentThread().getName());
        exitCode = code;
    }

    @Override
    public void onInputRoom() {
        inputRooms.incrementAndGet();
    }

    int inputRooms() {
        return inputRooms.get();
    }

    Integer exitCode() {
        return exitCode;
    }

    boolean exited() {
        return exitCode != null;
    }

    int exitCalls() {
        return exitThreads.size();
    }

    List<String> exitThreads() {
        return List.copyOf(exitThreads);
    }

    boolean outputAfterExit() {
        return outputAfterExit;
    }

    List<Chunk> chunks() {
        return new ArrayList<>(chunks);
    }

    List<Chunk> chunks(OutputKind kind) {
        return chunks.stream().filter(c -> c.kind() == kind).toList();
    }

    byte[] bytes(OutputKind kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks(kind).forEach(c -> out.writeBytes(c.bytes()));
        return out.toByteArray();
    }

    String text(OutputKind kind) {
        return new String(bytes(kind), StandardCharsets.UTF_8);
    }

    /** Terminal output as text, with the terminal's CR LF turned back into LF. */
    String text() {
        return text(OutputKind.OUTPUT).replace("\r\n", "\n");
    }

    long byteCount() {
        return chunks.stream().mapToLong(c -> c.bytes().length).sum();
    }
}
