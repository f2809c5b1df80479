using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// A generator that learns only the residual over the upsampled input image (MSRResNet, SRVGGNetCompact): its
/// output is steps(input) plus upsampleImage(input), so it needs as many output channels as input channels.
/// </summary>
internal abstract class ResidualGenerator : Module, IUpscalingNetwork
{
    private Module[] _steps = [];
    private Module? _upsampleImage;

    protected ResidualGenerator(string architecture, int numInCh, int numOutCh, int scale)
    {
        if (numInCh != numOutCh)
            throw new ArgumentException($"{architecture} adds the upsampled input to its output, so it needs num_in_ch = num_out_ch (got {numInCh} and {numOutCh})");
        Scale = scale;
        InChannels = numInCh;
        OutChannels = numOutCh;
    }

    public int Scale { get; }
    public int SizeMultiple => 1;
    public int InChannels { get; }
    public int OutChannels { get; }

    /// <summary>Sets the learned steps (registered by the subclass under their BasicSR names) and the image upsampling.</summary>
    protected void Build(Module[] steps, Module upsampleImage)
    {
        _steps = steps;
        _upsampleImage = upsampleImage;
    }

    private Module UpsampleImage => _upsampleImage ?? throw new InvalidOperationException($"{GetType().Name} was not built");

    protected override Tensor OnForward(Tensor input) => NetworkEdge.ForwardPlusImage(input, _steps, UpsampleImage);

    protected override Tensor OnBackward(Tensor gradOutput) => NetworkEdge.BackwardPlusImage(gradOutput, _steps, UpsampleImage);
}
