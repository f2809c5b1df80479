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

    public static LoadedModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found", path);
        byte[] head = FileHead.Read(path, 16);
        if (TorchCheckpoint.IsZip(head) || head is [0x80, ..])
        {
            var (root, format) = TorchCheckpoint.Read(path);
            return Fit(CheckpointContainer.Select(root, path), null, format, path);
        }
        if (SafetensorsReader.Looks(head, new FileInfo(path).Length))
        {
            var weights = SafetensorsReader.Read(path);
            return Fit(weights, SpecMetadata.Read(weights.Metadata, path), SafetensorsFormat, path);
        }
        if (NcnnPair(path) is var (param, bin)) return NcnnImporter.Import(param, bin);
        throw new InvalidDataException($"{path}: unrecognised model file (expected a PyTorch .pth in zip or legacy format, safetensors, or an ncnn .param with its .bin)");
    }

    /// <summary>
    /// The tensors of a PyTorch or safetensors file without fitting them to an architecture, for networks outside
    /// <see cref="Models.Architectures.ArchitectureRegistry"/> such as torchvision's VGG19 (DataParallel's "module." prefix is stripped).
    /// </summary>
    public static StateDict ReadWeights(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: weight file not found", path);
        byte[] head = FileHead.Read(path, 16);
        if (TorchCheckpoint.IsZip(head) || head is [0x80, ..])
            return KeyFamilies.ToBasicSR(CheckpointContainer.Select(TorchCheckpoint.Read(path).Root, path));
        if (SafetensorsReader.Looks(head, new FileInfo(path).Length)) return KeyFamilies.ToBasicSR(SafetensorsReader.Read(path));
        throw new InvalidDataException($"{path}: not a PyTorch .pth (zip or legacy) or safetensors file");
    }

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
        string first = File.ReadLines(param).FirstOrDefault()?.Trim() ?? "";
        return first == NcnnParam.Magic ? (param, bin) : null;
    }
}
