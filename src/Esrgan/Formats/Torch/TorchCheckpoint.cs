namespace Esrgan.Formats.Torch;

/// <summary>Reads a .pth / .pt / .ckpt file in either torch.save format into plain data with HostTensor leaves.</summary>
internal static class TorchCheckpoint
{
    public const string ZipFormat = "pytorch-zip";
    public const string LegacyFormat = "pytorch-legacy";

    public static bool IsZip(ReadOnlySpan<byte> head) => head is [0x50, 0x4B, 0x03, 0x04, ..];

    public static (object? Root, string Format) Read(string path, LoadLimits? limits = null)
    {
        byte[] head = FileHead.Read(path, 8);
        if (IsZip(head))
        {
            using var stream = File.OpenRead(path);
            return (TorchZipReader.Read(stream, path, limits ?? LoadLimits.Current), ZipFormat);
        }
        return (TorchLegacyReader.Read(File.ReadAllBytes(path), path, limits ?? LoadLimits.Current), LegacyFormat);
    }
}
