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

    public override Tensor Forward(Tensor input) => Chain(input, _layers, (m, t) => m.Forward(t));

    public override Tensor Backward(Tensor gradOutput) =>
        Chain(gradOutput, Enumerable.Reverse(_layers), (m, t) => m.Backward(t));

    /// <summary>Runs each step on the previous result, disposing intermediates (never the caller's tensor).</summary>
    internal static Tensor Chain(Tensor input, IEnumerable<Module> steps, Func<Module, Tensor, Tensor> step)
    {
        var current = input;
        foreach (var m in steps)
        {
            var next = step(m, current);
            if (!ReferenceEquals(current, input)) current.Dispose();
            current = next;
        }
        return ReferenceEquals(current, input) ? input.Share() : current;
    }
}
