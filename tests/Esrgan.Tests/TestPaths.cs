namespace Esrgan.Tests;

/// <summary>Where tests find committed fixtures and the read-only shared data beside the checkout.</summary>
internal static class TestPaths
{
    public static string Fixtures(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared data folder that sits beside the repository (training images, Set14, NIQE model).</summary>
    public static string SharedData(params string[] parts) =>
        Path.Combine([RepoRoot, "..", "shared", "data", .. parts]);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Esrgan.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Esrgan.slnx)");
    }
}
