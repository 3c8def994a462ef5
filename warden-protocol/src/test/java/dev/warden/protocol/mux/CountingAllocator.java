package dev.warden.protocol.mux;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

/** A heap allocator whose metric tracks the bytes handed out and not yet released, for leak checks. */
final class CountingAllocator extends AbstractByteBufAllocator {

    private final UnpooledByteBufAllocator memory = new UnpooledByteBufAllocator(false, true);

    CountingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return memory.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return memory.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Bytes allocated and not released yet. */
    long usedBytes() {
        return memory.metric().usedHeapMemory() + memory.metric().usedDirectMemory();
    }
}
