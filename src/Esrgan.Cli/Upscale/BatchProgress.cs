using Esrgan.Cli.Progress;

namespace Esrgan.Cli.Upscale;

/// <summary>
/// An upscale batch shown through the CLI's one <see cref="ProgressView"/>: tiles are the counted unit (rate, ETA),
/// the images done and the current file are the status.
/// </summary>
internal sealed class BatchProgress(ProgressView view, int images)
{
    private int _imagesDone;
    private long _tilesDone;
    private string _current = "";

    public void StartImage(string name) => _current = name;

    public void TileDone()
    {
        _tilesDone++;
        Show();
    }

    public void ImageDone()
    {
        _imagesDone++;
        Show();
    }

    /// <summary>A line of its own, above the bar on a terminal.</summary>
    public void Message(string text) => view.Message(text);

    private void Show() => view.Report(_tilesDone, $"images {_imagesDone}/{images} {_current}");
}
