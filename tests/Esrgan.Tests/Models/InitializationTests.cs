using System.Text.Json;
using Esrgan.Models.Architectures;
using Xunit;

namespace Esrgan.Tests.Models;

/// <summary>
/// Each descriptor's training initialisation against BasicSR's, layer by layer: the mean and standard deviation of
/// every parameter against those PyTorch gives (tools/fixtures/make_init_fixtures.py, averaged over 16 seeds).
/// </summary>
public class InitializationTests
{
    [Theory]
    [InlineData("init_msrresnet")]
    [InlineData("init_rrdbnet")]
    public void EveryLayerStartsAsInBasicSR(string fixture)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixtures("Models", fixture + ".json")));
        var spec = ArchitectureRegistryTests.Parse(json.RootElement.GetProperty("spec").GetString()!);
        using var net = ArchitectureRegistry.Create(spec);
        ArchitectureRegistry.Get(spec.Type).Initialize(net, new Random(11));
        var ours = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Values);
        var expected = json.RootElement.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.GetProperty("name").GetString()).Order(), ours.Keys.Order());
        foreach (var e in expected)
        {
            string name = e.GetProperty("name").GetString()!;
            double mean = e.GetProperty("mean").GetDouble(), std = e.GetProperty("std").GetDouble();
            var values = ours[name];
            Assert.Equal(e.GetProperty("count").GetInt32(), values.Length);
            double ourMean = values.Average(v => (double)v);
            double ourStd = Math.Sqrt(values.Average(v => (v - ourMean) * (v - ourMean)));
            if (std == 0)
            {
                Assert.True(ourStd == 0 && ourMean == mean, $"{name}: expected constant {mean}, got mean {ourMean} std {ourStd}");
                continue;
            }
            // Sampling noise of one initialisation: the std's relative error is about 1/sqrt(2n), the mean's std/sqrt(n).
            double n = values.Length;
            Assert.True(Math.Abs(ourStd / std - 1) < 5 / Math.Sqrt(2 * n) + 0.01, $"{name}: std {ourStd:G4}, BasicSR {std:G4}");
            Assert.True(Math.Abs(ourMean - mean) < 5 * std / Math.Sqrt(n), $"{name}: mean {ourMean:G4}, BasicSR {mean:G4} (std {std:G4})");
        }
    }
}
