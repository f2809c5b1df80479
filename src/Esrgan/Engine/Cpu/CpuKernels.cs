using System.Numerics.Tensors;
using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// The CPU backend: convolutions and layout changes on oneDNN, the light element-wise, spatial and per-channel
/// kernels in vectorised C#, all working directly on the blocked layouts so activations never leave them.
/// </summary>
public sealed unsafe partial class CpuKernels : IKernels
{
    public CpuKernels()
    {
        _ = DnnlContext.Engine;
        ActivationLayout = new TensorLayout(DnnlContext.HasAvx512 ? 16 : 8);
    }

    public string Description => $"{DnnlContext.VersionString}, CPU ISA {DnnlContext.CpuIsa}, activations {ActivationLayout}";

    public TensorLayout ActivationLayout { get; }

    public IConvolutionKernel CreateConvolution(ConvolutionSpec spec) => new DnnlConvolution(spec);

    public void Reorder(Tensor src, Tensor dst)
    {
        RequireSameShape(src, dst);
        if (src.Layout == dst.Layout)
        {
            src.Span.CopyTo(dst.Span);
            return;
        }
        DnnlMemory.Reorder(DnnlMemory.Describe(src), src.Data, DnnlMemory.Describe(dst), dst.Data);
    }

    public void Axpby(float alpha, Tensor a, float beta, Tensor b, Tensor dst)
    {
        RequireSameLayout(a, b);
        RequireSameLayout(a, dst);
        Span<float> x = a.Span, y = b.Span, d = dst.Span;
        if (alpha == 1f && beta == 1f) TensorPrimitives.Add(x, y, d);
        else if (beta == 0f) TensorPrimitives.Multiply(x, alpha, d);
        else if (alpha == 1f) TensorPrimitives.MultiplyAdd(y, beta, x, d);
        else
        {
            TensorPrimitives.Multiply(y, beta / alpha, d);
            TensorPrimitives.Add(x, d, d);
            TensorPrimitives.Multiply(d, alpha, d);
        }
    }

    public void Multiply(Tensor a, Tensor b, Tensor dst)
    {
        RequireSameLayout(a, b);
        RequireSameLayout(a, dst);
        TensorPrimitives.Multiply(a.Span, b.Span, dst.Span);
    }

    public void Scale(float alpha, Tensor src, Tensor dst)
    {
        RequireSameLayout(src, dst);
        TensorPrimitives.Multiply(src.Span, alpha, dst.Span);
    }

    public void LeakyRelu(Tensor src, Tensor dst, float slope)
    {
        RequireSameLayout(src, dst);
        Span<float> s = src.Span, d = dst.Span;
        for (int i = 0; i < s.Length; i++)
        {
            float v = s[i];
            d[i] = v > 0 ? v : v * slope;
        }
    }

    public void LeakyReluBackward(Tensor y, Tensor diffDst, Tensor diffSrc, float slope)
    {
        RequireSameLayout(y, diffDst);
        RequireSameLayout(y, diffSrc);
        Span<float> o = y.Span, g = diffDst.Span, d = diffSrc.Span;
        for (int i = 0; i < o.Length; i++) d[i] = o[i] > 0 ? g[i] : g[i] * slope;
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
