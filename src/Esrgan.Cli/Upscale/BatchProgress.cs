using Esrgan.Cli.Progress;

namespace Esrgan.Cli.Upscale;

/// <summary>
/// An upscale batch shown through the CLI's one <see cref="ProgressView"/>: tiles are the counted unit (rate, ETA),
/// the images done, the current file and what its job says of itself (a video's frames) are the status.
/// </summary>
internal sealed class BatchProgress(ProgressView view, int images)
{
    private int _imagesDone;
    private long _tilesDone;
    private string _current = "";
    private string _detail = "";

    public void StartImage(string name)
    {
        _current = name;
        _detail = "";
    }

    public void TileDone()
    {
        _tilesDone++;
        Show();
    }

    /// <summary>The current file's own progress (a video's frames); <paramref name="now"/> for a change worth a line of its own.</summary>
    public void Detail(string text, bool now)
    {
        _detail = text;
        Show(now);
    }

    public void ImageDone()
    {
        _imagesDone++;
        _detail = "";
        Show();
    }

    /// <summary>A line of its own, above the bar on a terminal.</summary>
    public void Message(string text) => view.Message(text);

    private void Show(bool now = false) => view.Report(_tilesDone, $"images {_imagesDone}/{images} {_current} {_detail}".TrimEnd(), now);
}
