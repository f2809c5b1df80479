using System.CommandLine;
using System.Globalization;
using Esrgan.Cli.Progress;
using Esrgan.Cli.Upscale;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Upscaling;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan upscale INPUT... -o OUTPUT: the main job, for files, folders and patterns.</summary>
internal static class UpscaleCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files, folders or patterns (*.png)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output folder, or a file name for a single input", DefaultValueFactory = _ => "results" };
        var model = new Option<string>("--model", "-m") { Description = $"Model file or registered name ({string.Join(", ", ModelStore.Registered)})", DefaultValueFactory = _ => ModelStore.DefaultModel };
        var outscale = new Option<double?>("--outscale", "-s") { Description = "Final scale (a bicubic resize after the model); default: the model's" };
        var tile = new Option<int>("--tile", "-t") { Description = "Tile size in input pixels; 0 chooses it from --memory-mb", DefaultValueFactory = _ => 0 };
        var tilePad = new Option<int>("--tile-pad") { Description = "Context around each tile, in input pixels", DefaultValueFactory = _ => 32 };
        var memory = new Option<int>("--memory-mb") { Description = "Working memory for choosing the tile size (activations, tile results, output rows)", DefaultValueFactory = _ => 640 };
        var tta = new Option<bool>("--tta") { Description = "x8 self-ensemble (flips and transposes; 8 times slower)" };
        var alpha = new Option<string[]>("--alpha")
        {
            Description = "How alpha is upscaled (model|bicubic), and with --blend-with the weight of the second model (0 to 1)",
            AllowMultipleArgumentsPerToken = false,
        };
        var blend = new Option<string?>("--blend-with") { Description = "Second model for image interpolation: (1-alpha) * model + alpha * this" };
        var format = new Option<string?>("--format", "-f") { Description = "Output format: png, jpg or webp (default: the input's)" };
        var quality = new Option<int>("--jpeg-quality") { Description = "JPEG quality", DefaultValueFactory = _ => 95 };
        var suffix = new Option<string>("--suffix") { Description = "Suffix added to output file names", DefaultValueFactory = _ => "out" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include images in subfolders (kept in the output)" };
        var skip = new Option<bool>("--skip-existing") { Description = "Leave outputs that already exist alone" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace outputs that already exist" };
        var command = new Command("upscale", "Upscale images with a super-resolution model");
        command.Arguments.Add(inputs);
        foreach (var o in new Option[] { output, model, outscale, tile, tilePad, memory, tta, alpha, blend, format, quality, suffix, recursive, skip, overwrite })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var (alphaMode, blendAlpha) = ParseAlpha(parse.GetValue(alpha) ?? [], parse.GetValue(blend) != null);
            var files = InputFiles.Expand(parse.GetValue(inputs)!, parse.GetValue(recursive));
            ImageFormat? outFormat = parse.GetValue(format) is string f ? ImageCodec.FormatFromPath("x." + f) : null;
            var plan = OutputPlan.For(files, parse.GetValue(output)!, parse.GetValue(suffix)!, outFormat);
            using var network = NetworkLoader.Load(parse.GetValue(model)!, m => Console.Error.WriteLine(m));
            using var other = parse.GetValue(blend) is string b ? NetworkLoader.Load(b, m => Console.Error.WriteLine(m)) : null;
            var options = new UpscaleOptions
            {
                TileSize = parse.GetValue(tile),
                TilePad = parse.GetValue(tilePad),
                Ensemble = parse.GetValue(tta),
                Alpha = alphaMode,
                MemoryBudgetBytes = parse.GetValue(memory) * 1024L * 1024,
            };
            var upscaler = new Upscaler(network, options, other, blendAlpha);
            return RunBatch(upscaler, plan, parse.GetValue(outscale), outFormat, parse.GetValue(quality), parse.GetValue(skip), parse.GetValue(overwrite));
        });
        return command;
    }

    private static (AlphaMode, float) ParseAlpha(string[] values, bool blending)
    {
        var mode = AlphaMode.Model;
        float weight = 0.5f;
        bool weightGiven = false;
        foreach (string v in values)
        {
            if (v.Equals("model", StringComparison.OrdinalIgnoreCase)) mode = AlphaMode.Model;
            else if (v.Equals("bicubic", StringComparison.OrdinalIgnoreCase)) mode = AlphaMode.Bicubic;
            else if (float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float w) && w is >= 0 and <= 1 && blending)
            {
                weight = w;
                weightGiven = true;
            }
            else throw new ArgumentException($"--alpha {v}: expected model, bicubic{(blending ? " or a blend weight between 0 and 1" : "")}");
        }
        if (blending && !weightGiven) throw new ArgumentException("--blend-with needs a blend weight: --alpha A (0 to 1)");
        return (mode, weight);
    }

    private static int RunBatch(Upscaler upscaler, List<(string Input, string Output)> plan, double? outscale, ImageFormat? format,
        int quality, bool skipExisting, bool overwrite)
    {
        var todo = new List<(string Input, string Output)>();
        int failed = 0, skipped = 0;
        foreach (var item in plan)
        {
            if (!File.Exists(item.Output) || overwrite) todo.Add(item);
            else if (skipExisting) skipped++;
            else
            {
                Console.Error.WriteLine($"error: {item.Output}: already exists (use --overwrite or --skip-existing)");
                failed++;
            }
        }
        long tiles = todo.Sum(t => TilesOf(upscaler, t.Input));
        var job = new UpscaleJob(upscaler, outscale, format, quality);
        ProgressView.Run("upscale", "tiles", 0, tiles, view =>
        {
            long tilesDone = 0;
            int imagesDone = 0;
            string current = "";
            void Show() => view.Report(tilesDone, $"images {imagesDone}/{todo.Count} {current}");
            upscaler.TileDone = () =>
            {
                tilesDone++;
                Show();
            };
            foreach (var (input, outputPath) in todo)
            {
                current = Path.GetFileName(input);
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
                    job.Run(input, outputPath);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
                {
                    view.Message($"error: {input}: {e.Message}");
                    failed++;
                }
                imagesDone++;
                Show();
            }
        });
        Console.WriteLine($"{plan.Count - failed - skipped} written, {skipped} skipped, {failed} failed");
        return failed > 0 ? 1 : 0;
    }

    private static long TilesOf(Upscaler upscaler, string input)
    {
        try
        {
            var info = ImageCodec.ReadInfo(input);
            return upscaler.CountTiles(info.Width, info.Height, info.Channels);
        }
        catch (ImageFileException)
        {
            return 0;
        }
    }
}
