using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>nn.Sequential: children named "0", "1", ... run in order; backward runs them in reverse.</summary>
internal sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    public Sequential Add(Module layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    public IReadOnlyList<Module> Layers => _layers;

    protected override Tensor OnForward(Tensor input) => Chain(input, _layers, (m, t) => m.Forward(t));

    protected override Tensor OnBackward(Tensor gradOutput) =>
        Chain(gradOutput, Enumerable.Reverse(_layers), (m, t) => m.Backward(t));

    /// <summary>Runs each step on the previous result, disposing intermediates; the caller's tensor stays the caller's.</summary>
    internal static Tensor Chain(Tensor input, IEnumerable<Module> steps, Func<Module, Tensor, Tensor> step)
    {
        var current = input.Share();
        foreach (var m in steps)
        {
            using var consumed = current;
            current = step(m, consumed);
        }
        return current;
    }
}
