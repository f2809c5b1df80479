using Esrgan.IO;

namespace Esrgan.Video;

/// <summary>
/// The work folder beside a video's output (".NAME.parts"): finished segments, renamed into place only once
/// encoded, and job.json, which records the source and settings they were made from. Segments made from
/// anything else are removed, as are the partial files of an interrupted run.
/// </summary>
internal sealed class SegmentFolder
{
    private const string JobFile = "job.json";

    private SegmentFolder(string path) => FolderPath = path;

    public string FolderPath { get; }

    public static SegmentFolder Open(string output, string fingerprint)
    {
        string full = Path.GetFullPath(output);
        var folder = new SegmentFolder(Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".parts"));
        Directory.CreateDirectory(folder.FolderPath);
        string job = Path.Combine(folder.FolderPath, JobFile);
        bool same = File.Exists(job) && File.ReadAllText(job) == fingerprint;
        foreach (string file in Directory.GetFiles(folder.FolderPath))
            if (!same || file.EndsWith(".partial.mkv", StringComparison.Ordinal)) File.Delete(file);
        if (!same) AtomicFile.WriteAllText(job, fingerprint);
        return folder;
    }

    public string SegmentPath(int k) => Path.Combine(FolderPath, $"segment-{k:D6}.mkv");

    public string PartialPath(int k) => Path.Combine(FolderPath, $"segment-{k:D6}.partial.mkv");

    /// <summary>Whether segment k exists with the frames and size it must have; a damaged one is removed.</summary>
    public bool IsFinished(int k, long frames, int width, int height)
    {
        string path = SegmentPath(k);
        if (!File.Exists(path)) return false;
        try
        {
            if (VideoProbe.CountFrames(path) == (frames, width, height)) return true;
        }
        catch (IOException)
        {
        }
        File.Delete(path);
        return false;
    }

    public void Delete() => Directory.Delete(FolderPath, recursive: true);
}
