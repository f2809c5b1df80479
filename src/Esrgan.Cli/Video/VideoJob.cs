using Esrgan.Video;

namespace Esrgan.Cli.Video;

/// <summary>Upscales one video with a progress line; Ctrl+C stops after the current frame, keeping finished segments.</summary>
internal sealed class VideoJob(VideoUpscaler upscaler)
{
    public void Run(string input, string output)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += stop;
        var line = new VideoProgressLine(Path.GetFileName(input));
        try
        {
            var result = upscaler.Run(input, output, line, cancel.Token);
            line.Finish();
            foreach (string dropped in result.Dropped) Console.Error.WriteLine($"warning: {input}: {dropped}");
        }
        catch (OperationCanceledException)
        {
            line.Finish();
            throw new OperationCanceledException($"{input}: interrupted; finished segments are kept, the same command resumes");
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }
}
