using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Esrgan.Cli.Serve;

/// <summary>An uploaded file: the form field, the client's file name (without folders), and where it was saved.</summary>
internal sealed record UploadedFile(string Field, string Name, string Path);

/// <summary>
/// Reads a multipart/form-data body as it arrives: files go straight to a folder (Kestrel's body limit bounds
/// them), text fields are kept up to a small size.
/// </summary>
internal sealed class MultipartUpload
{
    private const int MaxFieldBytes = 4096;
    private const int MaxParts = 10_000;

    public List<UploadedFile> Files { get; } = [];
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public static async Task<MultipartUpload> ReadAsync(HttpRequest request, string folder, CancellationToken cancel)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            throw new ApiError(415, "expected a multipart/form-data body");
        var reader = new MultipartReader(boundary, request.Body);
        var upload = new MultipartUpload();
        Directory.CreateDirectory(folder);
        int parts = 0;
        while (await reader.ReadNextSectionAsync(cancel) is { } section)
        {
            if (++parts > MaxParts) throw new ApiError(400, $"more than {MaxParts} parts in one request");
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data"))
                throw new ApiError(400, "a multipart section without form-data disposition");
            string field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            string? fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            if (fileName != null)
            {
                string name = Path.GetFileName(fileName.Replace('\\', '/'));
                if (name.Length == 0) name = "upload";
                string path = System.IO.Path.Combine(folder, $"{upload.Files.Count:D5}{SafeExtension(name)}");
                await using (var file = File.Create(path)) await section.Body.CopyToAsync(file, cancel);
                upload.Files.Add(new UploadedFile(field, name, path));
            }
            else
            {
                var buffer = new byte[MaxFieldBytes + 1];
                int read = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancel);
                if (read > MaxFieldBytes) throw new ApiError(400, $"field {field}: longer than {MaxFieldBytes} bytes");
                upload.Fields[field] = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
            }
        }
        return upload;
    }

    public string? Field(string name) => Fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    private static string SafeExtension(string name)
    {
        string ext = Path.GetExtension(name).ToLowerInvariant();
        return ext.Length <= 12 && ext.Skip(1).All(char.IsAsciiLetterOrDigit) ? ext : "";
    }
}
