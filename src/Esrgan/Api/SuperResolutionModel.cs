using Esrgan.Models.Architectures;
using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Models;

namespace Esrgan;

/// <summary>
/// A super-resolution network with its weights, read from a file. Loading never goes to the network; registered
/// models that may have to be downloaded first are opened through <see cref="ModelStore"/>.
/// </summary>
public sealed class SuperResolutionModel : IDisposable
{
    private readonly Module _network;
    private bool _disposed;

    private SuperResolutionModel(Module network, ModelSpec spec, string format, string path)
    {
        _network = network;
        Spec = spec;
        Format = format;
        Path = path;
        var shape = (IUpscalingNetwork)network;
        Scale = shape.Scale;
        InputChannels = shape.InChannels;
        OutputChannels = shape.OutChannels;
        ParameterCount = network.ParameterCount;
    }

    /// <summary>
    /// Reads a model: a PyTorch .pth (zip or the 2018 legacy format), .safetensors, or an ncnn .param with its .bin
    /// beside it, told apart by content. The architecture and its hyper-parameters are recognised from the weights.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model, or not an upscaling network this library knows.</exception>
    public static SuperResolutionModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var loaded = ModelFile.Load(path);
        var network = ArchitectureRegistry.Load(loaded);
        if (network is not IUpscalingNetwork)
        {
            network.Dispose();
            throw new InvalidDataException($"{path}: {loaded.Spec.Type} is not an upscaling network");
        }
        return new SuperResolutionModel(network, loaded.Spec, loaded.Format, path);
    }

    /// <summary>The architecture's name as in BasicSR, for example RRDBNet or SRVGGNetCompact.</summary>
    public string Architecture => Spec.Type;

    /// <summary>The architecture's hyper-parameters, named as in BasicSR (num_feat, num_block, ...).</summary>
    public IReadOnlyDictionary<string, int> HyperParameters => Spec.Options;

    /// <summary>How many times larger the output is on each side.</summary>
    public int Scale { get; }

    /// <summary>Channels the network takes: 3 (RGB) or 1 (grey).</summary>
    public int InputChannels { get; }

    /// <summary>Channels the network returns.</summary>
    public int OutputChannels { get; }

    /// <summary>The number of trainable weights.</summary>
    public long ParameterCount { get; }

    /// <summary>The file format the weights came from: pytorch-zip, pytorch-legacy, safetensors or ncnn.</summary>
    public string Format { get; }

    /// <summary>The file the model was loaded from.</summary>
    public string Path { get; }

    internal ModelSpec Spec { get; }

    internal bool IsDisposed => _disposed;

    internal Module Network
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _network;
        }
    }

    /// <summary>Frees the network's native memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _network.Dispose();
    }
}
