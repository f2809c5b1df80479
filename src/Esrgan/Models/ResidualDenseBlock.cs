using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// ESRGAN's residual dense block: five 3x3 convolutions, each reading the concatenation of the block input and all
/// earlier outputs; out = x + 0.2 * conv5(...). All features live in one buffer: when the channel counts are
/// multiples of the layout's block, each convolution reads a prefix view of it and writes its output straight into the
/// next channel slice, so the concatenations cost nothing. A batch is stacked into one tall image for that (see
/// <see cref="ImageStack"/>): a channel slice of a batch is not contiguous, and oneDNN runs convolutions on strided
/// views with its slow reference kernel. Other channel counts copy the slices. In bf16 the buffer is bfloat16, for
/// upscaling and training alike: the block input is converted once and every convolution writes bf16 into it, and
/// the backward passes read it in place, instead of converting its whole (growing) input on every call. The result is
/// the same, since a bf16 convolution rounds its float32 input to bf16 anyway.
/// </summary>
internal sealed class ResidualDenseBlock : Module
{
    private const float LeakySlope = 0.2f;
    private const float ResidualScale = 0.2f;
    private readonly Conv2d[] _convs;
    private readonly int _features, _growth;
    private readonly SavedTensor _buffer;

    public ResidualDenseBlock(int numFeat = 64, int numGrowCh = 32)
    {
        _features = numFeat;
        _growth = numGrowCh;
        _convs = new Conv2d[5];
        for (int k = 0; k < 5; k++)
        {
            int output = k < 4 ? numGrowCh : numFeat;
            _convs[k] = RegisterModule($"conv{k + 1}", new Conv2d(InputChannels(k), output, 3, fusedLeakySlope: k < 4 ? LeakySlope : null));
        }
        _buffer = KeepsTensor("its feature buffer");
    }

    private int InputChannels(int conv) => _features + conv * _growth;

    /// <summary>The gap between stacked images: the convolutions' padding.</summary>
    private const int StackGap = 1;

    /// <summary>Whether every channel slice of the buffer starts and ends on a block of <paramref name="layout"/>.</summary>
    private bool BlockAligned(TensorLayout layout) => _features % layout.Block == 0 && _growth % layout.Block == 0;

    /// <summary>Views need block-aligned channel counts and one image (a stack counts as one).</summary>
    private bool UsesViews(Tensor buffer) => buffer.N == 1 && BlockAligned(buffer.Layout);

    /// <summary>How a batch input is stacked into the buffer, or null when the buffer holds the input's own images.</summary>
    private ImageStack? StackFor(Tensor input) =>
        input.N > 1 && BlockAligned(input.Layout) ? new ImageStack(input.N, input.H, StackGap) : null;

    /// <summary>
    /// A bf16 buffer needs views of one image or of a stack (its slices are never copied by float kernels) and every
    /// convolution in bf16.
    /// </summary>
    private ElementType BufferType(Tensor input, ImageStack? stack) =>
        (stack != null || input.N == 1) && BlockAligned(input.Layout) && _convs.All(c => c.ComputesInBFloat16)
            ? ElementType.BFloat16 : ElementType.Float32;

    protected override Tensor OnForward(Tensor input)
    {
        var stack = StackFor(input);
        var buffer = Tensor.Empty(stack is null ? input.N : 1, InputChannels(4), stack?.Height ?? input.H, input.W, input.Layout,
            BufferType(input, stack));
        var output = Tensor.Empty(input.N, _features, input.H, input.W, input.Layout);
        try
        {
            var k = Backend.Current;
            if (UsesViews(buffer))
            {
                using var head = buffer.Channels(0, _features);
                if (stack is ImageStack rows) StackInto(input, head, rows);
                else k.Reorder(input, head);
            }
            else k.CopyChannels(input, 0, buffer, 0, _features, accumulate: false);
            for (int conv = 0; conv < 4; conv++) GrowForward(buffer, conv, stack);
            k.Reorder(input, output);
            if (stack is ImageStack tall)
            {
                using var residual = Tensor.Empty(1, _features, tall.Height, input.W, input.Layout);
                _convs[4].ForwardInto(buffer, residual, ResidualScale, stack: tall);
                k.Unstack(residual, tall, output, accumulate: true);
            }
            else _convs[4].ForwardInto(buffer, output, ResidualScale, accumulate: true);
            _buffer.Keep(buffer);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Stacks a float32 batch into <paramref name="stacked"/> (float32 or bfloat16), gap rows zero.</summary>
    private static void StackInto(Tensor batch, Tensor stacked, ImageStack rows)
    {
        var k = Backend.Current;
        if (stacked.Type == ElementType.Float32)
        {
            k.Stack(batch, stacked, rows);
            k.ZeroGaps(stacked, rows);
            return;
        }
        using var wide = Tensor.Empty(1, stacked.C, stacked.H, stacked.W, stacked.Layout);
        StackInto(batch, wide, rows);
        k.Reorder(wide, stacked);
    }

    /// <summary>buffer[:, cin : cin + growth] = lrelu(conv(buffer[:, :cin])); a stack's gap rows are zeroed again.</summary>
    private void GrowForward(Tensor buffer, int conv, ImageStack? stack)
    {
        int cin = InputChannels(conv);
        if (UsesViews(buffer))
        {
            using var src = buffer.Channels(0, cin);
            using var dst = buffer.Channels(cin, _growth);
            _convs[conv].ForwardInto(src, dst, stack: stack);
            if (stack is ImageStack rows) Backend.Current.ZeroGaps(dst, rows);
            return;
        }
        using var prefix = TensorOps.SliceChannels(buffer, 0, cin);
        using var grown = Tensor.Empty(buffer.N, _growth, buffer.H, buffer.W, buffer.Layout);
        _convs[conv].ForwardInto(prefix, grown);
        Backend.Current.CopyChannels(grown, 0, buffer, cin, _growth, accumulate: false);
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var buffer = _buffer.Value;
        var stack = StackFor(gradOutput);
        var k = Backend.Current;
        using var gradBuffer = Tensor.Empty(buffer.N, buffer.C, buffer.H, buffer.W, buffer.Layout);
        using (var gradConv5 = ResidualGradient(gradOutput, stack, buffer.Type))
            _convs[4].BackwardInto(buffer, null, gradConv5, gradBuffer, stack);
        for (int conv = 3; conv >= 0; conv--) GrowBackward(buffer, gradBuffer, conv, stack);
        Tensor gradInput;
        if (stack is ImageStack rows)
        {
            gradInput = Tensor.Empty(gradOutput.N, _features, gradOutput.H, gradOutput.W, buffer.Layout);
            using var head = gradBuffer.Channels(0, _features);
            k.Unstack(head, rows, gradInput, accumulate: false);
        }
        else gradInput = TensorOps.SliceChannels(gradBuffer, 0, _features);
        TensorOps.AddInto(gradInput, gradOutput);
        return gradInput;
    }

    /// <summary>
    /// The gradient reaching conv5's output (0.2 times the block's), stacked like the buffer and of its type (a bf16
    /// convolution rounds it to bf16 anyway).
    /// </summary>
    private static Tensor ResidualGradient(Tensor gradOutput, ImageStack? stack, ElementType type)
    {
        var k = Backend.Current;
        Tensor scaled;
        if (stack is ImageStack rows)
        {
            scaled = Tensor.Empty(1, gradOutput.C, rows.Height, gradOutput.W, gradOutput.Layout);
            StackInto(gradOutput, scaled, rows);
            k.Scale(ResidualScale, scaled, scaled);
        }
        else scaled = TensorOps.Scale(gradOutput, ResidualScale);
        if (type == ElementType.Float32) return scaled;
        using (scaled)
        {
            var low = Tensor.Empty(scaled.N, scaled.C, scaled.H, scaled.W, scaled.Layout, type);
            k.Reorder(scaled, low);
            return low;
        }
    }

    /// <summary>
    /// Adds the gradient that flows through conv into gradBuffer[:, :cin]. In a stack the gradient that reached the
    /// gap rows of conv's output is dropped first: the forward pass zeroed them, so nothing depends on them.
    /// </summary>
    private void GrowBackward(Tensor buffer, Tensor gradBuffer, int conv, ImageStack? stack)
    {
        int cin = InputChannels(conv);
        if (UsesViews(buffer))
        {
            using var src = buffer.Channels(0, cin);
            using var dst = buffer.Channels(cin, _growth);
            using var gradDst = gradBuffer.Channels(cin, _growth);
            if (stack is ImageStack rows) Backend.Current.ZeroGaps(gradDst, rows);
            using var gradSrc = gradBuffer.Channels(0, cin);
            using var partial = Tensor.Empty(1, cin, buffer.H, buffer.W, buffer.Layout);
            _convs[conv].BackwardInto(src, dst, gradDst, partial, stack);
            Backend.Current.Axpby(1f, gradSrc, 1f, partial, gradSrc);
            return;
        }
        using var prefix = TensorOps.SliceChannels(buffer, 0, cin);
        using var grown = TensorOps.SliceChannels(buffer, cin, _growth);
        using var gradGrown = TensorOps.SliceChannels(gradBuffer, cin, _growth);
        using var gradPrefix = Tensor.Empty(buffer.N, cin, buffer.H, buffer.W, buffer.Layout);
        _convs[conv].BackwardInto(prefix, grown, gradGrown, gradPrefix);
        Backend.Current.CopyChannels(gradPrefix, 0, gradBuffer, 0, cin, accumulate: true);
    }
}
