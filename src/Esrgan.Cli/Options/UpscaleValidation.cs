using System.CommandLine;

namespace Esrgan.Cli.Options;

/// <summary>The checks of `upscale` that involve more than one option, made while parsing, before any work.</summary>
internal static class UpscaleValidation
{
    public static void Add(Command command, Argument<string[]> inputs, Option<string[]> inputOption, Option<string> suffix,
        Option<string?> blend, Option<double?> blendAlpha)
    {
        command.Validators.Add(r =>
        {
            if ((r.GetValue(inputs)?.Length ?? 0) + (r.GetValue(inputOption)?.Length ?? 0) == 0)
                r.AddError("no input: give image files, folders or patterns (or -i INPUT)");
            string text = r.GetValue(suffix) ?? "";
            if (text.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar, '\0']) >= 0)
                r.AddError($"--suffix {text}: a suffix cannot contain a path separator");
            bool blending = r.GetValue(blend) != null, weighted = r.GetValue(blendAlpha) != null;
            if (blending && !weighted) r.AddError("--blend-with needs --blend-alpha A (0 to 1, the weight of the second model)");
            if (weighted && !blending) r.AddError("--blend-alpha needs --blend-with MODEL");
        });
    }
}
