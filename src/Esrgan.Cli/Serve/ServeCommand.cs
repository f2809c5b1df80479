using System.CommandLine;
using System.Security.Cryptography;

namespace Esrgan.Cli.Serve;

/// <summary>esrgan serve: the local web app (page and JSON API) until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, ';'-separated http:// addresses", DefaultValueFactory = _ => ServerSettings.DefaultUrl };
        var token = new Option<string?>("--token") { Description = "Token every request must carry (generated when listening beyond loopback)" };
        var maxUpload = new Option<int>("--max-upload-mb") { Description = "Largest request body", DefaultValueFactory = _ => 1024 };
        var maxPixels = new Option<long>("--max-pixels") { Description = "Largest image or video frame, in pixels", DefaultValueFactory = _ => 4096L * 4096 };
        var keep = new Option<int>("--keep-minutes") { Description = "Uploads, results and uploaded models are deleted this long after use", DefaultValueFactory = _ => 60 };
        var workDir = new Option<string?>("--work-dir") { Description = "Folder for uploads and results (default: a temporary folder)" };
        var memory = new Option<int>("--memory-mb") { Description = "Working memory for choosing the tile size", DefaultValueFactory = _ => 640 };
        var command = new Command("serve", "Run the local web app: drop images or videos, compare before and after, interpolate models");
        foreach (var o in new Option[] { urls, token, maxUpload, maxPixels, keep, workDir, memory }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var addresses = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (string a in addresses)
                if (!a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"--urls {a}: expected an http:// address (put a TLS proxy in front for https)");
            if (parse.GetValue(maxUpload) is < 1 or > 1 << 20) throw new ArgumentException($"--max-upload-mb {parse.GetValue(maxUpload)}: expected 1 to 1048576");
            if (parse.GetValue(maxPixels) < 1) throw new ArgumentException($"--max-pixels {parse.GetValue(maxPixels)}: expected at least 1");
            if (parse.GetValue(keep) < 1) throw new ArgumentException($"--keep-minutes {parse.GetValue(keep)}: expected at least 1");
            if (parse.GetValue(token) is { Length: < 16 } shortToken) throw new ArgumentException($"--token: at least 16 characters, not {shortToken.Length}");
            bool exposed = addresses.Any(a => !ServerSettings.IsLoopback(a));
            string? secret = parse.GetValue(token) ?? (exposed ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null);
            var settings = new ServerSettings
            {
                Urls = addresses,
                Token = secret,
                MaxUploadBytes = parse.GetValue(maxUpload) * (1L << 20),
                MaxPixels = parse.GetValue(maxPixels),
                Keep = TimeSpan.FromMinutes(parse.GetValue(keep)),
                WorkFolder = parse.GetValue(workDir) ?? Path.Combine(Path.GetTempPath(), $"esrgan-serve-{Environment.ProcessId}"),
                MemoryBudgetBytes = parse.GetValue(memory) * (1L << 20),
            };
            return Run(settings, exposed).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> Run(ServerSettings settings, bool exposed)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var server = await WebServer.StartAsync(settings);
        string query = settings.Token != null ? "?token=" + settings.Token : "";
        if (exposed)
            Console.Error.WriteLine("warning: listening beyond this machine; every request must carry the token (Authorization: Bearer TOKEN, or the link below)");
        foreach (string address in server.Addresses) Console.WriteLine($"esrgan serve: {address}/{query}");
        Console.WriteLine("Ctrl+C stops the server.");
        try
        {
            await server.WaitForShutdownAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
