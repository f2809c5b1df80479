using Esrgan.Engine;
using Esrgan.Tests.Layers;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>The pool of large native blocks; it is process-wide, so nothing else may allocate meanwhile.</summary>
[Collection(NativeMemoryCollection.Name)]
public unsafe class NativeMemoryPoolTests
{
    /// <summary>
    /// A pass in two phases (two 4 MB blocks, then one 16 MB block) needs 24 MB of blocks but peaks at 16 MB in use:
    /// after the first pass every later one is served from the pool, and the pool stays within its limit. With the
    /// limit at the peak alone, every pass took the 16 MB block fresh.
    /// </summary>
    [Fact]
    public void PhasesOfDifferentSizesAreServedFromThePoolWithinTheLimit()
    {
        long capacity = NativeMemoryPool.CapacityBytes;
        NativeMemoryPool.CapacityBytes = 0;
        try
        {
            NativeMemoryPool.Trim();
            const nuint small = 4u << 20, large = 16u << 20;
            void Pass()
            {
                void* a = NativeMemoryPool.Rent(small), b = NativeMemoryPool.Rent(small);
                NativeMemoryPool.Return(a, small);
                NativeMemoryPool.Return(b, small);
                void* c = NativeMemoryPool.Rent(large);
                NativeMemoryPool.Return(c, large);
                Assert.InRange(NativeMemoryPool.InUseBytes + NativeMemoryPool.PooledBytes, 0, NativeMemoryPool.LimitBytes);
            }
            Pass();
            long fresh = NativeMemoryPool.FreshBlocks;
            for (int i = 0; i < 5; i++) Pass();
            Assert.Equal(fresh, NativeMemoryPool.FreshBlocks);
        }
        finally
        {
            NativeMemoryPool.CapacityBytes = capacity;
            NativeMemoryPool.Trim();
        }
    }
}
