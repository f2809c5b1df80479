using Xunit;

namespace Esrgan.Tests.Evaluation;

/// <summary>A fact that needs the shared data folder beside the checkout; skipped, saying so, when it is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!Directory.Exists(TestPaths.SharedData()))
            Skip = $"shared data folder {Path.GetFullPath(TestPaths.SharedData())} is absent (golden imresize outputs, Set14, NIQE model)";
    }
}
