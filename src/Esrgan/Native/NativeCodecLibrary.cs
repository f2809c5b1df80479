using System.Reflection;
using System.Runtime.InteropServices;

namespace Esrgan.Native;

/// <summary>Loads a codec's shared library up front so a missing one reports the Debian package to install.</summary>
internal sealed class NativeCodecLibrary(string soname, string debianPackage)
{
    private readonly Lazy<bool> _loaded = new(() =>
        NativeLibrary.TryLoad(soname, Assembly.GetExecutingAssembly(), null, out _));

    public void EnsureLoaded()
    {
        if (!_loaded.Value)
            throw new DllNotFoundException($"{soname} is not installed; install it with: apt-get install {debianPackage}");
    }
}
