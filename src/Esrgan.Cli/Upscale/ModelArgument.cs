namespace Esrgan.Cli.Upscale;

/// <summary>The --model argument: a registered name (fetched through the model store) or a model file.</summary>
internal static class ModelArgument
{
    /// <param name="notice">Where the model store's download messages go.</param>
    public static SuperResolutionModel Open(string nameOrPath, Action<string> notice) =>
        ModelStore.IsRegistered(nameOrPath)
            ? ModelStore.Default.Get(nameOrPath, new SynchronousProgress<string>(notice))
            : SuperResolutionModel.Load(nameOrPath);
}
