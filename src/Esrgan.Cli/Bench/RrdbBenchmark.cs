using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Layers.Losses;
using Esrgan.Models;
using Esrgan.Training.Optimizers;

namespace Esrgan.Cli.Bench;

/// <summary>
/// The engine benchmark: full RRDBNet x4 (nf 64, nb 23, gc 32) inference on 64x64 and 128x128 inputs, and one
/// training step (batch 4, 32x32 to 128x128, L1 + Adam); the 128x128 forward and the step also in bf16. FLOPs are 2 x the multiply-accumulates of all convolutions;
/// a training step counts three times the forward convolutions (forward, backward data, backward weights).
/// </summary>
internal sealed class RrdbBenchmark : IDisposable
{
    public sealed record Case(string Name, Precision Precision, double Flops, Action RunOnce);

    private readonly RrdbNet _net = new();
    private readonly List<IDisposable> _inputs = [];

    /// <param name="precisions">Which precisions to include (bf16 cases exist only for forward_128 and train_step).</param>
    public RrdbBenchmark(IReadOnlyCollection<Precision> precisions)
    {
        Init.KaimingNormal(_net, new Random(0), 0.1f);
        var lr = Keep(RandomTensor(4, 3, 32, 32, 2));
        var hr = Keep(RandomTensor(4, 3, 128, 128, 3));
        var adam = new Adam(_net.Parameters(), 1e-4, 0.9, 0.99);
        var cases = new List<Case>();
        void Add(string name, Precision precision, double flops, Action run)
        {
            if (precisions.Contains(precision)) cases.Add(new Case(precision == Precision.BFloat16 ? name + "_bf16" : name, precision, flops, run));
        }
        foreach (int size in new[] { 64, 128 })
        {
            var x = Keep(RandomTensor(1, 3, size, size, 1));
            void Forward()
            {
                _net.Eval();
                using (GradMode.Disable()) _net.Forward(x).Dispose();
            }
            Add($"forward_{size}", Precision.Float32, ForwardFlops(_net, 1, size, size), Forward);
            if (size == 128) Add($"forward_{size}", Precision.BFloat16, ForwardFlops(_net, 1, size, size), Forward);
        }
        void TrainStep()
        {
            _net.Train();
            adam.ZeroGrad();
            using var sr = _net.Forward(lr);
            using var loss = PixelLosses.L1(sr, hr);
            _net.Backward(loss.Gradient).Dispose();
            adam.StepOnce();
        }
        Add("train_step", Precision.Float32, 3 * ForwardFlops(_net, 4, 32, 32), TrainStep);
        Add("train_step", Precision.BFloat16, 3 * ForwardFlops(_net, 4, 32, 32), TrainStep);
        Cases = cases;
    }

    public IReadOnlyList<Case> Cases { get; }

    /// <summary>Every case's name, whatever the precisions chosen.</summary>
    public static readonly string[] CaseNames = ["forward_64", "forward_128", "forward_128_bf16", "train_step", "train_step_bf16"];

    private Tensor Keep(Tensor t)
    {
        _inputs.Add(t);
        return t;
    }

    /// <summary>Convolutions run at the input resolution except the upsampling tail (x2 for conv_up1, x4 after).</summary>
    private static double ForwardFlops(Module net, int n, int h, int w)
    {
        double total = 0;
        foreach (var (name, conv) in Convolutions(net, ""))
        {
            int factor = name switch { "conv_up1" => 2, "conv_up2" or "conv_hr" or "conv_last" => 4, _ => 1 };
            total += conv.Spec.Flops(n, h * factor, w * factor);
        }
        return total;
    }

    private static IEnumerable<(string Name, Conv2d Conv)> Convolutions(Module module, string prefix)
    {
        foreach (var (name, child) in module.Children)
        {
            if (child is Conv2d conv) yield return (prefix + name, conv);
            foreach (var inner in Convolutions(child, $"{prefix}{name}.")) yield return inner;
        }
    }

    private static Tensor RandomTensor(int n, int c, int h, int w, int seed)
    {
        var random = new Random(seed);
        var host = new HostTensor([n, c, h, w]);
        for (int i = 0; i < host.Data.Length; i++) host.Data[i] = random.NextSingle();
        return Tensor.FromHost(host);
    }

    public void Dispose()
    {
        foreach (var t in _inputs) t.Dispose();
        _net.Dispose();
    }
}
