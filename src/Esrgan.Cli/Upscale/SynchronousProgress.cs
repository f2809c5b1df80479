namespace Esrgan.Cli.Upscale;

/// <summary>Reports on the calling thread, unlike Progress&lt;T&gt;, so console lines stay in order with the work.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
