namespace Esrgan.Engine;

/// <summary>A using-scope that runs its restore action once, when disposed.</summary>
internal sealed class RestoringScope(Action restore) : IDisposable
{
    private Action? _restore = restore;

    public void Dispose() => Interlocked.Exchange(ref _restore, null)?.Invoke();
}
