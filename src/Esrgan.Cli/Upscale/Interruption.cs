namespace Esrgan.Cli.Upscale;

/// <summary>
/// Ctrl+C (SIGINT) during a batch: the image in progress is abandoned at its next tile, which removes its temporary
/// file, and the batch stops. A second Ctrl+C ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    public const int ExitCode = 130;
    private volatile bool _requested;

    public Interruption() => Console.CancelKeyPress += OnCancel;

    public void ThrowIfRequested()
    {
        if (_requested) throw new OperationCanceledException("interrupted");
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancel;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_requested) return;
        e.Cancel = true;
        _requested = true;
    }
}
