namespace Esrgan.Cli.Upscale;

/// <summary>The --model argument: a registered name (fetched through the model store) or a model file.</summary>
internal static class ModelArgument
{
    public static SuperResolutionModel Open(string nameOrPath) =>
        ModelStore.IsRegistered(nameOrPath)
            ? ModelStore.Default.Get(nameOrPath, new SynchronousProgress<string>(m => Console.Error.WriteLine(m)))
            : SuperResolutionModel.Load(nameOrPath);
}
