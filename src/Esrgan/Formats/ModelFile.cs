using Esrgan.Models.Architectures;
using Esrgan.Formats.Architectures;
using Esrgan.Formats.Ncnn;
using Esrgan.Formats.Safetensors;
using Esrgan.Formats.Torch;

namespace Esrgan.Formats;

/// <summary>
/// The one way to open a model file: PyTorch zip or legacy .pth, safetensors, or an ncnn .param/.bin pair,
/// told apart by content. Weights come back in BasicSR key names with the detected (or recorded) architecture.
/// </summary>
internal static class ModelFile
{
    public const string SafetensorsFormat = "safetensors";

    /// <summary>Opens a model file; every problem with it comes back as a <see cref="ModelFileException"/>.</summary>
    public static LoadedModel Load(string path, LoadLimits? limits = null)
    {
        limits ??= LoadLimits.Current;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found", path);
        byte[] head = ModelFileException.Guard(path, (p, m, e) => new ModelFileException(p, m, e), () => FileHead.Read(path, 16));
        if (TorchCheckpoint.IsZip(head) || head is [0x80, ..])
            return ModelFileException.Guard(path, Checkpoint, () =>
            {
                var (root, format) = TorchCheckpoint.Read(path, limits);
                return Fit(CheckpointContainer.Select(root, path), null, format, path);
            });
        if (IsSafetensors(path, head))
            return ModelFileException.Guard(path, Safetensors, () =>
            {
                var weights = SafetensorsReader.Read(path, limits);
                return Fit(weights, SpecMetadata.Read(weights.Metadata, path), SafetensorsFormat, path);
            });
        if (ModelFileException.Guard(path, Ncnn, () => NcnnPair(path)) is var (param, bin))
            return ModelFileException.Guard(param, Ncnn, () => NcnnImporter.Import(param, bin, limits));
        throw new ModelFileException(path, "unrecognised model file (expected a PyTorch .pth in zip or legacy format, safetensors, or an ncnn .param with its .bin)");
    }

    /// <summary>
    /// The tensors of a PyTorch or safetensors file without fitting them to an architecture, for networks outside
    /// <see cref="Models.Architectures.ArchitectureRegistry"/> such as torchvision's VGG19 (DataParallel's "module." prefix is stripped).
    /// </summary>
    public static StateDict ReadWeights(string path, LoadLimits? limits = null)
    {
        limits ??= LoadLimits.Current;
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: weight file not found", path);
        byte[] head = ModelFileException.Guard(path, (p, m, e) => new ModelFileException(p, m, e), () => FileHead.Read(path, 16));
        if (TorchCheckpoint.IsZip(head) || head is [0x80, ..])
            return ModelFileException.Guard(path, Checkpoint, () => KeyFamilies.ToBasicSR(CheckpointContainer.Select(TorchCheckpoint.Read(path, limits).Root, path)));
        if (IsSafetensors(path, head))
            return ModelFileException.Guard(path, Safetensors, () => KeyFamilies.ToBasicSR(SafetensorsReader.Read(path, limits)));
        throw new ModelFileException(path, "not a PyTorch .pth (zip or legacy) or safetensors file");
    }

    /// <summary>
    /// Safetensors by its content, or by its name: a damaged one then gets the reader's account of what is wrong
    /// rather than "unrecognised".
    /// </summary>
    private static bool IsSafetensors(string path, byte[] head) =>
        SafetensorsReader.Looks(head, new FileInfo(path).Length)
        || Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase);

    private static ModelFileException Checkpoint(string path, string problem, Exception e) => new CheckpointFileException(path, problem, e);
    private static ModelFileException Safetensors(string path, string problem, Exception e) => new SafetensorsFileException(path, problem, e);
    private static ModelFileException Ncnn(string path, string problem, Exception e) => new NcnnFileException(path, problem, e);

    /// <summary>Writes weights as F32 safetensors carrying the spec in __metadata__, after checking they fit it.</summary>
    public static void SaveSafetensors(string path, StateDict weights, ModelSpec spec)
    {
        var canonical = LayoutValidator.Canonical(weights, spec, path);
        SpecMetadata.Write(canonical.Metadata, spec);
        SafetensorsWriter.Write(path, canonical);
    }

    private static LoadedModel Fit(StateDict raw, ModelSpec? recorded, string format, string path)
    {
        var weights = KeyFamilies.ToBasicSR(raw);
        var spec = recorded ?? ArchitectureRegistry.Detect(weights, path);
        return new LoadedModel(LayoutValidator.Canonical(weights, spec, path), spec, format);
    }

    /// <summary>An ncnn model is named by its .param (text, magic 7767517) or by the .bin beside it.</summary>
    private static (string Param, string Bin)? NcnnPair(string path)
    {
        string param = Path.ChangeExtension(path, ".param"), bin = Path.ChangeExtension(path, ".bin");
        if (!File.Exists(param) || !File.Exists(bin)) return null;
        string first = System.Text.Encoding.ASCII.GetString(FileHead.Read(param, 16)).Split('\n')[0].Trim();
        return first == NcnnParam.Magic ? (param, bin) : null;
    }
}
