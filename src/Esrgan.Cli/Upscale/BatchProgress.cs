using System.Diagnostics;

namespace Esrgan.Cli.Upscale;

/// <summary>
/// One status line on stderr: images done, tiles of the batch, tile rate and ETA. On a terminal it redraws in
/// place; otherwise it prints a line at most every few seconds.
/// </summary>
internal sealed class BatchProgress(int images, long tiles)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private TimeSpan _lastPrint = TimeSpan.FromSeconds(-10);
    private int _imagesDone;
    private long _tilesDone;
    private string _current = "";

    public void StartImage(string name) => _current = name;

    public void TileDone()
    {
        _tilesDone++;
        Print(false);
    }

    public void ImageDone()
    {
        _imagesDone++;
        Print(true);
    }

    public void Finish()
    {
        if (_terminal) Console.Error.WriteLine();
    }

    private void Print(bool force)
    {
        var now = _clock.Elapsed;
        var interval = _terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
        if (!force && now - _lastPrint < interval) return;
        _lastPrint = now;
        double rate = _tilesDone / Math.Max(1e-9, now.TotalSeconds);
        string eta = rate > 0 && tiles > _tilesDone ? TimeSpan.FromSeconds((tiles - _tilesDone) / rate).ToString(@"hh\:mm\:ss") : "--:--:--";
        string line = $"images {_imagesDone}/{images}  tiles {_tilesDone}/{tiles}  {rate:F2} tiles/s  ETA {eta}  {_current}";
        if (_terminal) Console.Error.Write("\r" + line + "\u001b[K");
        else Console.Error.WriteLine(line);
    }
}
