namespace Esrgan.Training.Checkpoints;

/// <summary>A fresh run was asked for where an earlier run of the same name left training states.</summary>
internal sealed class ExperimentExistsException(string folder)
    : InvalidOperationException($"{folder} already holds training states of an earlier run")
{
    public string Folder { get; } = folder;
}
