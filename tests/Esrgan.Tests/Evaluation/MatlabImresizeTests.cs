using System.Text.Json;
using Esrgan.Formats.Numpy;
using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Xunit;
using Xunit.Abstractions;

namespace Esrgan.Tests.Evaluation;

public class MatlabImresizeTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void ReproducesTheGoldenOutputsOfThePublishedAlgorithm()
    {
        string dir = TestPaths.SharedData("golden", "imresize");
        var input = ImageCodec.Read(Path.Combine(dir, "input_comic_96x80.png"));
        var samples = Array.ConvertAll(input.Pixels, p => Math.Round(p * 255.0));
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "index.json")));
        double worst = 0;
        foreach (var entry in index.RootElement.GetProperty("outputs").EnumerateObject())
        {
            double scale = entry.Value.GetProperty("scale").GetDouble();
            var golden = NpyArray.Read(Path.Combine(dir, entry.Name));
            var result = MatlabImresize.Resize(samples, input.Height, input.Width, input.Channels, scale);
            var (h, w) = MatlabImresize.OutputSize(input.Height, input.Width, scale);
            Assert.Equal(golden.Shape, new[] { h, w, input.Channels });
            double error = result.Zip(golden.Values, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{entry.Name}: worst error {error:E3} grey levels");
            worst = Math.Max(worst, error);
        }
        output.WriteLine($"imresize golden worst error {worst:E3}");
        Assert.True(worst < 0.02, $"worst error {worst}");
    }

    [Fact]
    public void ScaleOneIsTheIdentity()
    {
        var pixels = Enumerable.Range(0, 7 * 5 * 2).Select(i => (double)(i * 37 % 101)).ToArray();
        Assert.Equal(pixels, MatlabImresize.Resize(pixels, 7, 5, 2, 1.0));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(3.0)]
    public void ConstantStaysConstantEvenWhenSmallerThanTheKernel(double scale)
    {
        var pixels = Enumerable.Repeat(0.625f, 2 * 3).ToArray();
        var result = MatlabImresize.Resize(pixels, 2, 3, 1, scale);
        Assert.All(result, v => Assert.Equal(0.625f, v, 1e-6f));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.7)]
    [InlineData(4.0)]
    public void StreamingRowsEqualTheWholeArrayForm(double scale)
    {
        const int h = 23, w = 17, c = 3;
        var pixels = Enumerable.Range(0, h * w * c).Select(i => (double)(i * 7919 % 256)).ToArray();
        var whole = MatlabImresize.Resize(pixels, h, w, c, scale);
        var (oh, ow) = MatlabImresize.OutputSize(h, w, scale);
        var streamed = new double[oh * ow * c];
        int nextRow = 0;
        MatlabImresize.ResizeRows(h, w, c, scale,
            (y, row) => pixels.AsSpan(y * w * c, w * c).CopyTo(row),
            (y, row) =>
            {
                Assert.Equal(nextRow++, y);
                row.CopyTo(streamed.AsSpan(y * ow * c));
            });
        Assert.Equal(oh, nextRow);
        Assert.Equal(whole, streamed);
    }

    [Fact]
    public void ExactOutputSizeUsesOutputOverInputAsScale()
    {
        var pixels = Enumerable.Range(0, 8 * 8).Select(i => (double)i).ToArray();
        Assert.Equal(MatlabImresize.Resize(pixels, 8, 8, 1, 0.5), MatlabImresize.Resize(pixels, 8, 8, 1, 4, 4));
    }
}
