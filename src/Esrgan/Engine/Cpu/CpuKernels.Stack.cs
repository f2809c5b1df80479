namespace Esrgan.Engine.Cpu;

/// <summary>
/// Moving a batch into and out of an <see cref="ImageStack"/>. In either layout one image's channel (plain) or
/// channel block (nChw{B}c) is one contiguous run of H x W x B values, on both sides, so each is a single copy.
/// </summary>
internal sealed unsafe partial class CpuKernels
{
    public void Stack(Tensor batch, Tensor stacked, ImageStack stack) => CopyStacked(batch, stacked, stack, unstack: false, accumulate: false);

    public void Unstack(Tensor stacked, ImageStack stack, Tensor batch, bool accumulate) =>
        CopyStacked(batch, stacked, stack, unstack: true, accumulate);

    public void ZeroGaps(Tensor stacked, ImageStack stack)
    {
        if (stacked.N != 1 || stacked.H != stack.Height) throw new ArgumentException($"{stacked.ShapeString} is not a stack {stack}");
        int b = stacked.Layout.Block, blocks = stacked.Layout.PaddedChannels(stacked.C) / b;
        long plane = (long)stacked.H * stacked.W * b, row = (long)stacked.W * b;
        byte* data = (byte*)stacked.Address;
        int size = stacked.Type.Size();
        for (int k = 0; k < blocks; k++)
            for (int n = 0; n + 1 < stack.Images; n++)
                new Span<byte>(data + (k * plane + (stack.FirstRow(n) + stack.ImageHeight) * row) * size, (int)(stack.Gap * row * size)).Clear();
    }

    private static void CopyStacked(Tensor batch, Tensor stacked, ImageStack stack, bool unstack, bool accumulate)
    {
        if (batch.Layout != stacked.Layout || stacked.N != 1 || batch.N != stack.Images || batch.H != stack.ImageHeight
            || stacked.H != stack.Height || batch.C != stacked.C || batch.W != stacked.W)
            throw new ArgumentException($"{batch.ShapeString} and {stacked.ShapeString} are not a batch and its stack {stack}");
        int b = batch.Layout.Block, blocks = batch.Layout.PaddedChannels(batch.C) / b;
        long run = (long)batch.H * batch.W * b, stackedPlane = (long)stacked.H * stacked.W * b, row = (long)batch.W * b;
        float* images = batch.Data, tall = stacked.Data;
        long imageStride = batch.ImageStride;
        WorkerTeam.For((long)stack.Images * blocks, nk =>
        {
            long n = nk / blocks, k = nk % blocks;
            var inBatch = new Span<float>(images + n * imageStride + k * run, (int)run);
            var inStack = new Span<float>(tall + k * stackedPlane + stack.FirstRow((int)n) * row, (int)run);
            if (!unstack) inBatch.CopyTo(inStack);
            else if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(inBatch, inStack, inBatch);
            else inStack.CopyTo(inBatch);
        });
    }
}
