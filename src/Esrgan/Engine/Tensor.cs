namespace Esrgan.Engine;

/// <summary>
/// A 4-D activation (logical NCHW) in native memory, float32 unless made as <see cref="ElementType.BFloat16"/>.
/// The physical layout is chosen by the engine (see <see cref="TensorLayout"/>). Views share the buffer through its
/// reference count; dispose every tensor. Element-wise kernels read <see cref="Data"/>, which only float32 tensors
/// have; bfloat16 tensors exist for convolution chains and are reached through <see cref="Address"/>.
/// </summary>
internal sealed unsafe class Tensor : IDisposable
{
    private NativeBuffer? _buffer;
    private readonly long _offset;

    /// <param name="offset">Elements (not bytes) from the buffer's start.</param>
    private Tensor(NativeBuffer buffer, long offset, int n, int c, int h, int w, TensorLayout layout, ElementType type)
    {
        _buffer = buffer;
        _offset = offset;
        N = n; C = c; H = h; W = w;
        Layout = layout;
        Type = type;
    }

    public int N { get; }
    public int C { get; }
    public int H { get; }
    public int W { get; }
    public TensorLayout Layout { get; }
    public ElementType Type { get; }

    /// <summary>Elements this tensor occupies, padding included.</summary>
    public long PhysicalLength => Layout.PhysicalLength(N, C, H, W);

    /// <summary>Elements of one image (padding included).</summary>
    public long ImageStride => Layout.PhysicalLength(1, C, H, W);

    public long LogicalLength => (long)N * C * H * W;

    /// <summary>The float32 elements; a bfloat16 tensor throws, so no float kernel can misread one.</summary>
    public float* Data => Type == ElementType.Float32
        ? (float*)Address
        : throw new InvalidOperationException($"{this} holds bfloat16; only convolutions and reorders read it");

    /// <summary>The first element, of either type.</summary>
    public void* Address => (byte*)(_buffer ?? throw new ObjectDisposedException(nameof(Tensor))).Pointer + _offset * Type.Size();

    public Span<float> Span => new(Data, checked((int)PhysicalLength));

    public bool SameShape(Tensor other) => N == other.N && C == other.C && H == other.H && W == other.W;

    public bool SameShapeAndLayout(Tensor other) => SameShape(other) && Layout == other.Layout;

    public string ShapeString => Type == ElementType.Float32 ? $"{N}x{C}x{H}x{W} ({Layout})" : $"{N}x{C}x{H}x{W} ({Layout}, {Type})";

    public static Tensor Empty(int n, int c, int h, int w, TensorLayout layout, ElementType type = ElementType.Float32) =>
        Allocate(n, c, h, w, layout, zero: false, type);

    /// <summary>New tensor filled with zeros (padding channels of blocked layouts are always zero-initialised).</summary>
    public static Tensor Zeros(int n, int c, int h, int w, TensorLayout layout) => Allocate(n, c, h, w, layout, zero: true, ElementType.Float32);

    private static Tensor Allocate(int n, int c, int h, int w, TensorLayout layout, bool zero, ElementType type)
    {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0) throw new ArgumentException($"invalid tensor shape {n}x{c}x{h}x{w}");
        // Blocked tensors with padded channels must start zeroed: kernels rely on zero padding.
        bool mustZero = zero || layout.PaddedChannels(c) != c;
        long floats = (layout.PhysicalLength(n, c, h, w) * type.Size() + sizeof(float) - 1) / sizeof(float);
        return new Tensor(new NativeBuffer(floats, mustZero), 0, n, c, h, w, layout, type);
    }

    /// <summary>Plain NCHW tensor holding a copy of <paramref name="host"/> (shape N,C,H,W; or C,H,W as N=1).</summary>
    public static Tensor FromHost(HostTensor host)
    {
        int[] s = host.Shape.Length switch
        {
            4 => host.Shape,
            3 => [1, .. host.Shape],
            2 => [host.Shape[0], host.Shape[1], 1, 1],
            _ => throw new ArgumentException($"cannot make a 4-D tensor from shape [{string.Join(", ", host.Shape)}]"),
        };
        var t = Empty(s[0], s[1], s[2], s[3], TensorLayout.Plain);
        host.Data.AsSpan().CopyTo(t.Span);
        return t;
    }

    /// <summary>Copy to managed memory in plain NCHW order (converting from a blocked layout if needed).</summary>
    public HostTensor ToHost()
    {
        var host = new HostTensor([N, C, H, W]);
        if (Layout.IsPlain)
        {
            Span.CopyTo(host.Data);
            return host;
        }
        float* p = Data;
        int i = 0;
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int h = 0; h < H; h++)
                    for (int w = 0; w < W; w++)
                        host.Data[i++] = p[Layout.Offset(c, h, w, n, C, H, W)];
        return host;
    }

    /// <summary>A view of image <paramref name="n"/> as an N=1 tensor sharing this buffer.</summary>
    public Tensor Image(int n)
    {
        if ((uint)n >= (uint)N) throw new ArgumentOutOfRangeException(nameof(n));
        return View(_offset + n * ImageStride, 1, C, H, W);
    }

    /// <summary>A view of images [start, start+count) sharing this buffer.</summary>
    public Tensor Images(int start, int count)
    {
        if (start < 0 || count <= 0 || start + count > N) throw new ArgumentOutOfRangeException(nameof(count));
        return View(_offset + start * ImageStride, count, C, H, W);
    }

    /// <summary>True when channels [start, start+count) of an N=1 tensor are one contiguous block of this buffer.</summary>
    public bool CanViewChannels(int start, int count) =>
        N == 1 && start % Layout.Block == 0 && (count % Layout.Block == 0 || start + count == C) && start + count <= C;

    /// <summary>A zero-copy view of channels [start, start+count); see <see cref="CanViewChannels"/>.</summary>
    public Tensor Channels(int start, int count)
    {
        if (!CanViewChannels(start, count))
            throw new InvalidOperationException($"channels {start}..{start + count} of {ShapeString} are not a contiguous view");
        return View(_offset + (long)start * H * W, 1, count, H, W);
    }

    private Tensor View(long offset, int n, int c, int h, int w)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(Tensor));
        buffer.AddRef();
        return new Tensor(buffer, offset, n, c, h, w, Layout, Type);
    }

    /// <summary>Another reference to the same data (for caching an input until backward).</summary>
    public Tensor Share() => View(_offset, N, C, H, W);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        buffer?.Release();
    }

    public override string ToString() => $"Tensor[{ShapeString}]";
}
