using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// The discriminators' common shape: conv0_0 + LeakyReLU 0.2, then stages of [conv (no bias), batch norm, LeakyReLU 0.2]
/// named conv{s}_{i} / bn{s}_{i}, flattened into linear1 + LeakyReLU 0.2 and linear2 -> one raw logit (N x 1 x 1 x 1, plain).
/// </summary>
internal abstract class ConvolutionalDiscriminator : Module
{
    private const float LeakySlope = 0.2f;
    private readonly List<Module> _steps = [];

    protected ConvolutionalDiscriminator(int numInCh, int numFeat, int inputSize)
    {
        InputSize = inputSize;
        _steps.Add(RegisterModule("conv0_0", new Conv2d(numInCh, numFeat, 3, fusedLeakySlope: LeakySlope)));
    }

    /// <summary>The side length of the square images the linear head is built for.</summary>
    public int InputSize { get; }

    protected void AddConvBn(string suffix, int inChannels, int outChannels, int kernel, int stride)
    {
        _steps.Add(RegisterModule($"conv{suffix}", new Conv2d(inChannels, outChannels, kernel, stride, 1, bias: false)));
        _steps.Add(RegisterModule($"bn{suffix}", new BatchNorm2d(outChannels)));
        _steps.Add(Own(new LeakyRelu(LeakySlope)));
    }

    protected void AddHead(int features, int hidden)
    {
        _steps.Add(RegisterModule("linear1", new Linear(features, hidden)));
        _steps.Add(Own(new LeakyRelu(LeakySlope)));
        _steps.Add(RegisterModule("linear2", new Linear(hidden, 1)));
    }

    protected override Tensor OnForward(Tensor input)
    {
        if (input.H != InputSize || input.W != InputSize)
            throw new ArgumentException($"{GetType().Name} is built for {InputSize}x{InputSize} images, got {input.ShapeString}");
        return Sequential.Chain(input, _steps, (m, t) => m.Forward(t));
    }

    protected override Tensor OnBackward(Tensor gradOutput) =>
        Sequential.Chain(gradOutput, Enumerable.Reverse(_steps), (m, t) => m.Backward(t));
}
