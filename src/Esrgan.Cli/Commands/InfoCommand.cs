using System.CommandLine;
using System.Text.Json;
using Esrgan.Formats;
using Esrgan.Formats.Pickle;
using Esrgan.Upscaling;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan info MODEL [--json]: what a model file holds, as the loader sees it.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Model file (.pth, .safetensors, ncnn .param/.bin) or registered name (esrgan models)" };
        var json = new Option<bool>("--json") { Description = "Print the information as JSON" };
        var command = new Command("info", "Show a model file's architecture, hyper-parameters, scale, format and size");
        command.Arguments.Add(model);
        command.Options.Add(json);
        command.SetAction(parse => ReportingErrors(() =>
        {
            var loaded = LoadModel(parse.GetValue(model)!);
            Console.WriteLine(parse.GetValue(json) ? Json(loaded) : Text(loaded));
        }));
        return command;
    }

    /// <summary>A model file, or the cached file of a registered name (fetched on first use).</summary>
    internal static LoadedModel LoadModel(string nameOrPath) => ModelFile.Load(ModelStore.Resolve(nameOrPath, m => Console.Error.WriteLine(m)));

    /// <summary>A refused or unreadable model file is a user error: one line on stderr and exit code 1, no stack trace.</summary>
    internal static int ReportingErrors(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or PickleSecurityException or IOException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string Text(LoadedModel m) => string.Join(Environment.NewLine,
    [
        $"architecture: {m.Spec.Type}",
        .. m.Spec.Options.Select(kv => $"  {kv.Key}: {kv.Value}"),
        $"scale: {m.Spec.Scale?.ToString() ?? "-"}",
        $"format: {m.Format}",
        $"tensors: {m.Weights.Count}",
        $"parameters: {m.Weights.ParameterCount:N0}",
    ]);

    private static string Json(LoadedModel m)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("architecture", m.Spec.Type);
            w.WriteStartObject("options");
            foreach (var (k, v) in m.Spec.Options) w.WriteNumber(k, v);
            w.WriteEndObject();
            if (m.Spec.Scale is int scale) w.WriteNumber("scale", scale);
            else w.WriteNull("scale");
            w.WriteString("format", m.Format);
            w.WriteNumber("tensors", m.Weights.Count);
            w.WriteNumber("parameters", m.Weights.ParameterCount);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
