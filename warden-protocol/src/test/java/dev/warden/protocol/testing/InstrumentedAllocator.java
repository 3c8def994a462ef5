package dev.warden.protocol.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * A heap allocator that counts what it hands out, so that tests can prove the absence of leaks (every
 * byte released again) and of allocations based on unchecked lengths. Memory comes from an unpooled
 * allocator, whose metric tracks bytes not yet released.
 */
public final class InstrumentedAllocator extends AbstractByteBufAllocator {

    private final UnpooledByteBufAllocator memory = new UnpooledByteBufAllocator(false, true);
    private long allocations;
    private int largestRequest;

    public InstrumentedAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        allocations++;
        largestRequest = Math.max(largestRequest, initialCapacity);
        return memory.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        allocations++;
        largestRequest = Math.max(largestRequest, initialCapacity);
        return memory.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    public long allocations() {
        return allocations;
    }

    public int largestRequest() {
        return largestRequest;
    }

    /** Bytes allocated and not released yet. */
    public long usedBytes() {
        return memory.metric().usedHeapMemory() + memory.metric().usedDirectMemory();
    }
}
