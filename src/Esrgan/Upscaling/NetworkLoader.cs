using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Models;

namespace Esrgan.Upscaling;

/// <summary>Opens a model by registered name or file path as a ready network in evaluation mode.</summary>
public static class NetworkLoader
{
    public static Module Load(string nameOrPath, Action<string>? log = null)
    {
        string path = ModelStore.Resolve(nameOrPath, log);
        var loaded = ModelFile.Load(path);
        var network = ModelFactory.Load(loaded);
        if (network is not IUpscalingNetwork)
        {
            network.Dispose();
            throw new InvalidDataException($"{path}: {loaded.Spec.Type} is not an upscaling network");
        }
        return network;
    }
}
