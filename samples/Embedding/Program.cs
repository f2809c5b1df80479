// Embedding the Esrgan library: a file with progress, an image in memory, and cancellation.
// Usage: dotnet run -- [MODEL] [IMAGE] [OUTPUT_FOLDER]
//   MODEL: a .pth / .safetensors / ncnn .param file, or a registered name (default realesrgan-x4fast, fetched once).
using Esrgan;

string modelArgument = args.Length > 0 ? args[0] : "realesrgan-x4fast";
string input = args.Length > 1 ? args[1] : "input.png";
string outputFolder = args.Length > 2 ? args[2] : "embedding-output";
Directory.CreateDirectory(outputFolder);

using var model = ModelStore.IsRegistered(modelArgument)
    ? ModelStore.Default.Get(modelArgument, new Progress<string>(Console.WriteLine))
    : SuperResolutionModel.Load(modelArgument);
Console.WriteLine($"{model.Architecture} x{model.Scale}, {model.ParameterCount:N0} parameters");
using var upscaler = new Upscaler(model, new UpscalerOptions { TileSize = 64 });

// 1. A file: rows stream to disk; progress comes after every tile.
string fileOutput = Path.Combine(outputFolder, "file.png");
upscaler.UpscaleFile(input, fileOutput, progress: new Inline<UpscaleProgress>(p =>
    Console.WriteLine($"file: {p.Fraction:P0} ({p.TilesDone}/{p.TileCount} tiles, {p.Elapsed.TotalSeconds:F1} s)")));
using (var written = ImageBuffer.Load(fileOutput))
    Console.WriteLine($"wrote {fileOutput}: {written.Width}x{written.Height}");

// 2. An image in memory: pixels from anywhere (here a generated RGB gradient), upscaled pixels back.
const int width = 48, height = 32;
var pixels = new byte[width * height * 3];
for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
    {
        int i = (y * width + x) * 3;
        (pixels[i], pixels[i + 1], pixels[i + 2]) = ((byte)(x * 5), (byte)(y * 8), (byte)((x + y) % 2 * 255));
    }
using var image = ImageBuffer.FromPixels(pixels, width, height, channels: 3);
using var result = upscaler.Upscale(image);
byte[] upscaled = result.ToBytes();
Console.WriteLine($"in memory: {width}x{height} -> {result.Width}x{result.Height}, {upscaled.Length:N0} bytes");
result.Save(Path.Combine(outputFolder, "buffer.webp"));

// 3. Cancellation: a 2000x2000 upscale cancelled after its first tile stops before the next and leaves no file.
string large = Path.Combine(outputFolder, "large.png");
using (var noise = ImageBuffer.FromPixels(Enumerable.Range(0, 2000 * 2000 * 3).Select(i => (byte)(i * 7919 >> 3)).ToArray(), 2000, 2000, 3))
    noise.Save(large);
string cancelledOutput = Path.Combine(outputFolder, "cancelled.png");
using var cancel = new CancellationTokenSource();
var clock = new System.Diagnostics.Stopwatch();
try
{
    upscaler.UpscaleFile(large, cancelledOutput, progress: new Inline<UpscaleProgress>(_ =>
    {
        cancel.Cancel();
        clock.Start();
    }), cancellationToken: cancel.Token);
    Console.WriteLine("error: the upscale was not cancelled");
    return 1;
}
catch (OperationCanceledException)
{
    bool left = File.Exists(cancelledOutput);
    Console.WriteLine($"2000x2000 cancelled after the first tile: returned {clock.Elapsed.TotalSeconds:F3} s later; output left behind: {(left ? "yes" : "no")}");
    return left || clock.Elapsed > TimeSpan.FromSeconds(2) ? 1 : 0;
}

/// <summary>Reports on the upscaling thread itself (Progress&lt;T&gt; would post to the thread pool).</summary>
sealed class Inline<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
