using System.Diagnostics;
using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Layers.Losses;
using Esrgan.Models;
using Esrgan.Training.Optimizers;

namespace Esrgan.Cli.Bench;

/// <summary>
/// The engine benchmark: full RRDBNet x4 (nf 64, nb 23, gc 32) inference on 64x64 and 128x128 inputs, and one
/// training step (batch 4, 32x32 to 128x128, L1 + Adam). FLOPs are 2 x the multiply-accumulates of all convolutions;
/// a training step counts three times the forward convolutions (forward, backward data, backward weights).
/// </summary>
internal static class RrdbBenchmark
{
    public sealed record Case(string Name, double Seconds, double Flops)
    {
        public double GflopPerSecond => Flops / Seconds / 1e9;
    }

    public static IEnumerable<Case> Run(int warmup, int repeats, Action<string> progress)
    {
        using var net = new RrdbNet();
        Init.KaimingNormal(net, new Random(0), 0.1f);
        net.Eval();
        foreach (int size in new[] { 64, 128 })
        {
            progress($"forward_{size}");
            using var x = RandomTensor(1, 3, size, size, 1);
            double seconds;
            using (GradMode.Disable())
                seconds = Timed(() => net.Forward(x).Dispose(), warmup, repeats);
            yield return new Case($"forward_{size}", seconds, ForwardFlops(net, 1, size, size));
        }

        progress("train_step");
        net.Train();
        using var lr = RandomTensor(4, 3, 32, 32, 2);
        using var hr = RandomTensor(4, 3, 128, 128, 3);
        var adam = new Adam(net.Parameters(), 1e-4, 0.9, 0.99);
        double stepSeconds = Timed(() =>
        {
            adam.ZeroGrad();
            using var sr = net.Forward(lr);
            using var loss = PixelLosses.L1(sr, hr);
            net.Backward(loss.Gradient).Dispose();
            adam.StepOnce();
        }, warmup, repeats);
        yield return new Case("train_step", stepSeconds, 3 * ForwardFlops(net, 4, 32, 32));
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

    private static double Timed(Action action, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
