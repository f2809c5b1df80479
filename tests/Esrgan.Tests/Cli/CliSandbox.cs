using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Models;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>CLI tests swap the process's console, so they run alone, never beside another test class.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "cli";
}

/// <summary>A temporary folder, a tiny x2 model, and the CLI run in-process with its console captured.</summary>
internal sealed class CliSandbox : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("esrgan-cli-test-").FullName;

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public string Path(params string[] parts) => System.IO.Path.Combine([Dir, .. parts]);

    public string Folder(string name) => Directory.CreateDirectory(Path(name)).FullName;

    /// <summary>A randomly initialised RRDBNet x2 (16 features, 1 block) saved as safetensors.</summary>
    public static string SmallModel(string path)
    {
        using var net = new RrdbNet(scale: 2, numFeat: 16, numBlock: 1, numGrowCh: 16);
        Init.KaimingNormal(net, new Random(3), 0.3f);
        var spec = new ModelSpec("RRDBNet", new Dictionary<string, int>
        {
            ["num_in_ch"] = 3, ["num_out_ch"] = 3, ["scale"] = 2, ["num_feat"] = 16, ["num_block"] = 1, ["num_grow_ch"] = 16,
        });
        ModelFile.SaveSafetensors(path, net.StateDict(), spec);
        return path;
    }

    public string SmallModel() => File.Exists(Path("small.safetensors")) ? Path("small.safetensors") : SmallModel(Path("small.safetensors"));

    public static CliResult Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (outText, errText) = (new StringWriter(), new StringWriter());
        Console.SetOut(outText);
        Console.SetError(errText);
        try
        {
            int code = Esrgan.Cli.Program.Main(args);
            return new CliResult(code, outText.ToString(), errText.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}

internal sealed record CliResult(int Code, string Out, string Err)
{
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
