using Esrgan.Formats;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Tests.Upscaling;

namespace Esrgan.Tests.Api;

/// <summary>A temporary folder with a small saved x2 RRDBNet and pattern images, for tests of the public API.</summary>
public sealed class ApiSandbox : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("esrgan-api-test-").FullName;

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public string SmallModel(string name = "small.safetensors", int scale = 2)
    {
        using var net = new RrdbNet(scale: scale, numFeat: 16, numBlock: 1, numGrowCh: 16);
        Init.KaimingNormal(net, new Random(3), 0.3f);
        var spec = new ModelSpec("RRDBNet", new Dictionary<string, int>
        {
            ["num_in_ch"] = 3, ["num_out_ch"] = 3, ["scale"] = scale, ["num_feat"] = 16, ["num_block"] = 1, ["num_grow_ch"] = 16,
        });
        string path = Path(name);
        ModelFile.SaveSafetensors(path, net.StateDict(), spec);
        return path;
    }

    public string Picture(string name, int width, int height, int channels = 3, int bitDepth = 8)
    {
        string path = Path(name);
        ImageCodec.Write(path, TilingTests.Pattern(width, height, channels, bitDepth));
        return path;
    }
}
