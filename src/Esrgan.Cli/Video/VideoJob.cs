using Esrgan.Cli.Upscale;
using Esrgan.Video;

namespace Esrgan.Cli.Video;

/// <summary>Upscales one video within a batch's progress; Ctrl+C stops after the current frame, keeping finished segments.</summary>
internal sealed class VideoJob(VideoUpscaler upscaler)
{
    public void Run(string input, string output, BatchProgress progress)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += stop;
        try
        {
            var result = upscaler.Run(input, output, new VideoProgressLine(progress.Detail), cancel.Token);
            foreach (string dropped in result.Dropped) progress.Message($"warning: {input}: {dropped}");
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException($"{input}: interrupted; finished segments are kept, the same command resumes");
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }
}
