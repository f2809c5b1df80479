using System.Runtime.Intrinsics;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// The copies between channel-blocked (or plain) tensors and the dense channels-last (nhwc) operands of bf16
/// training kernels. oneDNN 2.6.3's reorders for these pairs ran at about 4 GB/s here and took about 0.45 s of a bf16
/// training step; each pixel's channels are whole blocks in a row on both sides, so with 16-channel blocks they are
/// vector operations. A stacked tensor (<see cref="ImageStack"/>) is copied as the batch it holds, so the kernel runs
/// on a real batch (oneDNN's bf16 kernels were about 20% faster on batch 4 than on the same images stacked) and its
/// gap rows are skipped. bfloat16 tensors (the feature buffers of bf16 dense blocks) are copied as they are.
/// </summary>
internal static unsafe class ChannelsLastCopy
{
    /// <summary>
    /// Writes <paramref name="src"/> (or the batch its stack holds) as dense nhwc bfloat16: float32 rounded as oneDNN
    /// rounds it, bfloat16 copied.
    /// </summary>
    /// <param name="nhwc">Room for dense nhwc bf16 of the batch's shape.</param>
    public static void ToBFloat16(Tensor src, ImageStack? stack, ushort* nhwc)
    {
        var rows = new RowMap(src, stack);
        bool convert = src.Type == ElementType.Float32;
        byte* from = (byte*)src.Address;
        int size = src.Type.Size();
        WorkerTeam.For(rows.Count, row =>
        {
            long blockedRow = rows.BlockedRowStart(row);
            ushort* to = nhwc + row * rows.Width * rows.Channels;
            for (int k = 0; k < rows.Blocks; k++)
            {
                byte* block = from + (blockedRow + k * rows.Plane) * size;
                ushort* channels = to + k * rows.Block;
                int count = rows.ChannelsInBlock(k);
                if (count == Vector512<float>.Count)
                    for (int x = 0; x < rows.Width; x++)
                    {
                        var value = convert ? BFloat16.Round(Vector512.Load((float*)block + x * rows.Block))
                            : Vector256.Load((ushort*)block + x * rows.Block);
                        value.Store(channels + (long)x * rows.Channels);
                    }
                else
                    for (int x = 0; x < rows.Width; x++)
                        for (int i = 0; i < count; i++)
                            channels[(long)x * rows.Channels + i] = convert ? BFloat16.Round(((float*)block)[x * rows.Block + i])
                                : ((ushort*)block)[x * rows.Block + i];
            }
        });
    }

    /// <summary>
    /// Copies (or, for float32, adds) the dense nhwc <paramref name="nhwc"/> of dst's element type into
    /// <paramref name="dst"/>, or into the images of its stack; a stack's gap rows are zeroed unless adding.
    /// </summary>
    /// <param name="nhwc">Dense nhwc of the batch's shape and dst's type.</param>
    public static void Into(void* nhwc, Tensor dst, ImageStack? stack, bool accumulate)
    {
        if (accumulate && dst.Type != ElementType.Float32) throw new ArgumentException($"cannot add into {dst.ShapeString}");
        var rows = new RowMap(dst, stack);
        int size = dst.Type.Size();
        byte* to = (byte*)dst.Address;
        WorkerTeam.For(rows.Count, row =>
        {
            long blockedRow = rows.BlockedRowStart(row);
            byte* from = (byte*)nhwc + row * rows.Width * rows.Channels * size;
            for (int k = 0; k < rows.Blocks; k++)
            {
                byte* block = to + (blockedRow + k * rows.Plane) * size;
                byte* channels = from + k * rows.Block * size;
                int count = rows.ChannelsInBlock(k);
                if (size == sizeof(ushort) && count == Vector256<ushort>.Count)
                    for (int x = 0; x < rows.Width; x++)
                        Vector256.Load((ushort*)channels + (long)x * rows.Channels).Store((ushort*)block + x * rows.Block);
                else if (size == sizeof(ushort))
                    for (int x = 0; x < rows.Width; x++)
                        new ReadOnlySpan<ushort>((ushort*)channels + (long)x * rows.Channels, count).CopyTo(new Span<ushort>((ushort*)block + x * rows.Block, count));
                else if (count == Vector512<float>.Count)
                    for (int x = 0; x < rows.Width; x++)
                    {
                        var value = Vector512.Load((float*)channels + (long)x * rows.Channels);
                        if (accumulate) value += Vector512.Load((float*)block + x * rows.Block);
                        value.Store((float*)block + x * rows.Block);
                    }
                else
                    for (int x = 0; x < rows.Width; x++)
                        for (int i = 0; i < count; i++)
                        {
                            float value = ((float*)channels)[(long)x * rows.Channels + i];
                            ref float into = ref ((float*)block)[x * rows.Block + i];
                            into = accumulate ? into + value : value;
                        }
            }
        });
        if (stack is ImageStack gaps && !accumulate) Backend.Current.ZeroGaps(dst, gaps);
    }

    /// <summary>
    /// Where each nhwc row (one row of one image of the batch) lies in the blocked tensor: in image n at row y, or, for
    /// a stack, in its one image at the stacked row of image n's row y.
    /// </summary>
    private readonly struct RowMap
    {
        private readonly ImageStack? _stack;
        private readonly int _height;
        private readonly long _image;

        public RowMap(Tensor blocked, ImageStack? stack)
        {
            if (stack is ImageStack s && (blocked.N != 1 || blocked.H != s.Height))
                throw new ArgumentException($"{blocked.ShapeString} is not a stack {s}");
            _stack = stack;
            _height = stack?.ImageHeight ?? blocked.H;
            _image = blocked.ImageStride;
            Count = (stack?.Images ?? blocked.N) * (long)_height;
            Width = blocked.W;
            Channels = blocked.C;
            Block = blocked.Layout.Block;
            Blocks = (Channels + Block - 1) / Block;
            Plane = (long)blocked.H * Width * Block;
        }

        /// <summary>Rows of the batch (images times image height).</summary>
        public long Count { get; }
        public int Width { get; }
        public int Channels { get; }
        public int Block { get; }
        public int Blocks { get; }

        /// <summary>Elements between channel blocks of one image.</summary>
        public long Plane { get; }

        public int ChannelsInBlock(int k) => Math.Min(Block, Channels - k * Block);

        /// <summary>The element offset of batch row <paramref name="row"/>'s first pixel in its first channel block.</summary>
        public long BlockedRowStart(long row)
        {
            int n = (int)(row / _height), y = (int)(row % _height);
            return _stack is ImageStack s ? ((long)s.FirstRow(n) + y) * Width * Block : n * _image + (long)y * Width * Block;
        }
    }
}
