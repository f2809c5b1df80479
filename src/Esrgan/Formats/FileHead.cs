namespace Esrgan.Formats;

/// <summary>The first bytes of a file, for telling formats apart by content.</summary>
internal static class FileHead
{
    public static byte[] Read(string path, int count)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[count];
        int n = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return buffer[..n];
    }
}
