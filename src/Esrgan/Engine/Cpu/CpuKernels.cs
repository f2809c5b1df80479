using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// The CPU backend: convolutions and layout changes on oneDNN, the light element-wise, spatial and per-channel
/// kernels in vectorised C#, all working directly on the blocked layouts so activations never leave them.
/// </summary>
internal sealed unsafe partial class CpuKernels : IKernels
{
    /// <param name="algorithm">Convolution algorithm; by default the one the environment names (see <see cref="ConvolutionAlgorithms"/>).</param>
    public CpuKernels(ConvolutionAlgorithm? algorithm = null)
    {
        _ = DnnlContext.Engine;
        ActivationLayout = new TensorLayout(DnnlContext.HasAvx512 ? 16 : 8);
        Algorithm = algorithm ?? ConvolutionAlgorithms.FromEnvironment();
    }

    public string Description =>
        $"{DnnlContext.VersionString}, CPU ISA {DnnlContext.CpuIsa}, activations {ActivationLayout}, convolutions {Algorithm.ToString().ToLowerInvariant()}, native bf16 {(NativeBFloat16 ? "yes" : "no")}";

    public TensorLayout ActivationLayout { get; }

    public ConvolutionAlgorithm Algorithm { get; }

    public bool NativeBFloat16 => DnnlContext.HasBFloat16;

    /// <summary>Convolution weights converted into kernel layouts on the calling thread (a steady-state step's count is its conversions).</summary>
    public static long WeightConversionsOnThread => DnnlConvolution.WeightConversionsOnThread;

    public IConvolutionKernel CreateConvolution(ConvolutionSpec spec) => new DnnlConvolution(spec, Algorithm);

    public void ReleaseWorkspace() => DnnlScratchpad.ReleaseAll();

    public void Reorder(Tensor src, Tensor dst)
    {
        RequireSameShape(src, dst);
        if (src.Layout == dst.Layout && src.Type == dst.Type && src.Type == ElementType.Float32)
        {
            float* from = src.Data, to = dst.Data;
            InChunks(src.PhysicalLength, (start, length) =>
                new ReadOnlySpan<float>(from + start, length).CopyTo(new Span<float>(to + start, length)));
            return;
        }
        if (src.Layout == dst.Layout && src.Type == ElementType.Float32 && dst.Type == ElementType.BFloat16)
        {
            ToBFloat16InPlaceOrder(src, (ushort*)dst.Address);
            return;
        }
        DnnlMemory.Reorder(DnnlMemory.Describe(src), src.Address, DnnlMemory.Describe(dst), dst.Address);
    }

    /// <summary>
    /// Writes float32 <paramref name="src"/> as bfloat16 at <paramref name="to"/> in its own layout, element for
    /// element, rounded as oneDNN rounds. oneDNN's reorder for this pair ran at about 3.5 GB/s; here it is a vector loop.
    /// </summary>
    public static void ToBFloat16InPlaceOrder(Tensor src, ushort* to)
    {
        float* from = src.Data;
        InChunks(src.PhysicalLength, (start, length) => RoundToBFloat16(from + start, to + start, length));
    }

    private static void RoundToBFloat16(float* from, ushort* to, int length)
    {
        int i = 0, width = Vector512<float>.Count;
        for (; i <= length - width; i += width) BFloat16.Round(Vector512.Load(from + i)).Store(to + i);
        for (; i < length; i++) to[i] = BFloat16.Round(from[i]);
    }

    public void Axpby(float alpha, Tensor a, float beta, Tensor b, Tensor dst)
    {
        RequireSameLayout(a, b);
        RequireSameLayout(a, dst);
        float* pa = a.Data, pb = b.Data, pd = dst.Data;
        InChunks(a.PhysicalLength, (start, length) =>
        {
            var x = new ReadOnlySpan<float>(pa + start, length);
            var y = new ReadOnlySpan<float>(pb + start, length);
            var d = new Span<float>(pd + start, length);
            if (alpha == 1f && beta == 1f) TensorPrimitives.Add(x, y, d);
            else if (beta == 0f) TensorPrimitives.Multiply(x, alpha, d);
            else if (alpha == 1f) TensorPrimitives.MultiplyAdd(y, beta, x, d);
            else
            {
                TensorPrimitives.Multiply(y, beta / alpha, d);
                TensorPrimitives.Add(x, d, d);
                TensorPrimitives.Multiply(d, alpha, d);
            }
        });
    }

    /// <summary>Runs an element-wise body over [0, length) in cache-sized chunks on all cores.</summary>
    private static void InChunks(long length, Action<long, int> body)
    {
        const int chunk = 1 << 16;
        long chunks = (length + chunk - 1) / chunk;
        if (chunks <= 1)
        {
            body(0, (int)length);
            return;
        }
        WorkerTeam.For(chunks, i =>
        {
            long start = i * chunk;
            body(start, (int)Math.Min(chunk, length - start));
        });
    }

    public void Multiply(Tensor a, Tensor b, Tensor dst)
    {
        RequireSameLayout(a, b);
        RequireSameLayout(a, dst);
        float* pa = a.Data, pb = b.Data, pd = dst.Data;
        InChunks(a.PhysicalLength, (start, length) => TensorPrimitives.Multiply(
            new ReadOnlySpan<float>(pa + start, length), new ReadOnlySpan<float>(pb + start, length), new Span<float>(pd + start, length)));
    }

    public void Scale(float alpha, Tensor src, Tensor dst)
    {
        RequireSameLayout(src, dst);
        float* ps = src.Data, pd = dst.Data;
        InChunks(src.PhysicalLength, (start, length) =>
            TensorPrimitives.Multiply(new ReadOnlySpan<float>(ps + start, length), alpha, new Span<float>(pd + start, length)));
    }

    public void LeakyRelu(Tensor src, Tensor dst, float slope) => LeakyReluOf(src, dst, slope);

    internal static void LeakyReluOf(Tensor src, Tensor dst, float slope)
    {
        RequireSameLayout(src, dst);
        float* ps = src.Data, pd = dst.Data;
        InChunks(src.PhysicalLength, (start, length) =>
            SelectByPositive(ps + start, ps + start, pd + start, length, slope));
    }

    /// <remarks>
    /// A bfloat16 output (of a bf16 dense block) gives a bfloat16 input gradient, rounded as oneDNN rounds, for the
    /// bf16 kernels that read it next; the sign of the output decides the same either way.
    /// </remarks>
    public void LeakyReluBackward(Tensor y, Tensor diffDst, Tensor diffSrc, float slope)
    {
        RequireSameLayout(y, diffDst);
        RequireSameLayout(y, diffSrc);
        float* pg = diffDst.Data;
        if (y.Type == ElementType.Float32)
        {
            float* py = y.Data, pd = diffSrc.Data;
            InChunks(y.PhysicalLength, (start, length) => SelectByPositive(py + start, pg + start, pd + start, length, slope));
            return;
        }
        if (diffSrc.Type != ElementType.BFloat16) throw new ArgumentException($"the gradient of bfloat16 {y.ShapeString} is bfloat16");
        ushort* sign = (ushort*)y.Address, result = (ushort*)diffSrc.Address;
        InChunks(y.PhysicalLength, (start, length) => SelectByPositiveToBFloat16(sign + start, pg + start, result + start, length, slope));
    }

    /// <summary>The bfloat16 form of <see cref="SelectByPositive"/>: bfloat16 signs, float32 values, bfloat16 results.</summary>
    private static void SelectByPositiveToBFloat16(ushort* sign, float* v, ushort* d, int length, float slope)
    {
        int i = 0, width = Vector512<float>.Count;
        var slopes = Vector512.Create(slope);
        for (; i <= length - width; i += width)
        {
            var value = Vector512.Load(v + i);
            var positive = Vector512.GreaterThan(BFloat16.Widen(Vector256.Load(sign + i)), Vector512<float>.Zero);
            BFloat16.Round(Vector512.ConditionalSelect(positive, value, value * slopes)).Store(d + i);
        }
        for (; i < length; i++) d[i] = BFloat16.Round(BFloat16.Widen(sign[i]) > 0 ? v[i] : v[i] * slope);
    }

    /// <summary>d[i] = sign[i] &gt; 0 ? v[i] : v[i] * slope, vectorised.</summary>
    private static void SelectByPositive(float* sign, float* v, float* d, int length, float slope)
    {
        int i = 0, width = Vector<float>.Count;
        var slopes = new Vector<float>(slope);
        for (; i <= length - width; i += width)
        {
            var value = Vector.Load(v + i);
            Vector.ConditionalSelect(Vector.GreaterThan(Vector.Load(sign + i), Vector<float>.Zero), value, value * slopes).Store(d + i);
        }
        for (; i < length; i++) d[i] = sign[i] > 0 ? v[i] : v[i] * slope;
    }

    public void Sigmoid(Tensor src, Tensor dst)
    {
        RequireSameLayout(src, dst);
        RequirePlainOrUnpadded(src);
        TensorPrimitives.Sigmoid(src.Span, dst.Span);
    }

    private static void RequireSameShape(Tensor a, Tensor b)
    {
        if (!a.SameShape(b)) throw new ArgumentException($"shape mismatch: {a.ShapeString} vs {b.ShapeString}");
    }

    private static void RequireSameLayout(Tensor a, Tensor b)
    {
        if (!a.SameShapeAndLayout(b)) throw new ArgumentException($"shape or layout mismatch: {a.ShapeString} vs {b.ShapeString}");
    }

    private static void RequirePlainOrUnpadded(Tensor t)
    {
        if (t.Layout.PaddedChannels(t.C) != t.C) throw new ArgumentException($"{t.ShapeString}: operation would disturb zero padding");
    }
}
