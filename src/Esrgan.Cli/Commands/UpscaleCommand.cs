using System.CommandLine;
using Esrgan.Cli.Options;
using Esrgan.Cli.Progress;
using Esrgan.Cli.Upscale;
using Esrgan.Cli.Video;
using Esrgan.Engine;
using Esrgan.Imaging;
using Esrgan.Upscaling;
using Esrgan.Upscaling.Sharding;
using Esrgan.Video;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan upscale INPUT... -o OUTPUT: the main job, for files, folders and patterns.</summary>
internal static class UpscaleCommand
{
    public static Command Create() => Create(ProgressView.StandardError);

    /// <param name="view">Makes the view that all of the command's progress, warnings and errors go through.</param>
    internal static Command Create(Func<ProgressView> view)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image or video files, folders or patterns (*.png)", Arity = ArgumentArity.ZeroOrMore };
        var inputOption = new Option<string[]>("--input", "-i") { Description = "Input file, folder or pattern (as Real-ESRGAN's -i); repeatable" };
        var output = new Option<string>("--output", "-o") { Description = "Output folder, or a file name for a single input", DefaultValueFactory = _ => "results" };
        var model = new Option<string>("--model", "-m", "-n") { Description = $"Model file or registered name ({string.Join(", ", ModelStore.Registered)})", DefaultValueFactory = _ => ModelStore.DefaultModel };
        var outscale = OptionRules.Number("--outscale", "Final scale (a bicubic resize after the model); default: the model's", 0, MaxOutscale, "-s");
        var tile = OptionRules.Int("--tile", "Tile size in input pixels; 0 chooses it from --memory-mb", 0, 0, 1 << 16, "-t");
        var tilePad = OptionRules.Int("--tile-pad", "Context around each tile, in input pixels", 32, 0, 1024);
        var memory = OptionRules.Int("--memory-mb", "Working memory for choosing the tile size (activations, tile results, output rows); 0: half the available memory", 0, 0, 1 << 20);
        var precision = OptionRules.OneOf("--precision", "Convolution precision: auto (default; bf16 where the CPU has AVX512_BF16), fp32 or bf16", ["auto", "fp32", "bf16"]);
        var tta = new Option<bool>("--tta") { Description = "x8 self-ensemble (flips and transposes; 8 times slower)" };
        var fp32 = new Option<bool>("--fp32") { Description = "Same as --precision fp32 (Real-ESRGAN's --fp32)" };
        var alpha = OptionRules.OneOfWithHint("--alpha", "How the alpha channel is upscaled", ["model", "bicubic"],
            " (the weight of --blend-with is --blend-alpha)");
        var blend = new Option<string?>("--blend-with") { Description = "Second model for image interpolation: (1 - blend-alpha) * model + blend-alpha * this" };
        var blendAlpha = OptionRules.Between("--blend-alpha", "Weight of the --blend-with model", 0, 1);
        var background = OptionRules.Color("--background", "Flatten alpha over this colour for formats without alpha (default: such images are written as PNG)");
        var format = OptionRules.OneOf("--format", "Output format (default: the input's)", ["png", "jpg", "jpeg", "webp"], "-f");
        var quality = OptionRules.Int("--jpeg-quality", "JPEG quality", 95, 1, 100);
        var suffix = new Option<string>("--suffix") { Description = "Suffix added to output file names", DefaultValueFactory = _ => "out" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include images in subfolders (kept in the output)" };
        var skip = new Option<bool>("--skip-existing") { Description = "Leave outputs that already exist alone" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace outputs that already exist" };
        var shardOption = new Option<string?>("--shard") { Description = "Process shard K of N (K/N, 0-based) by a stable hash of each input's relative path; resumable, recorded in OUTPUT/.esrgan/shard-K-of-N.jsonl" };
        var video = new VideoOptions();
        var command = new Command("upscale", "Upscale images and videos with a super-resolution model");
        command.Arguments.Add(inputs);
        foreach (var o in new Option[] { inputOption, output, model, outscale, tile, tilePad, memory, precision, tta, fp32, alpha, blend, blendAlpha, background, format, quality, suffix, recursive, skip, overwrite, shardOption })
            command.Options.Add(o);
        UpscaleValidation.Add(command, inputs, inputOption, suffix, blend, blendAlpha);
        OptionRules.Exclusive(command, skip, overwrite, "choose whether existing outputs are kept or replaced");
        video.AddTo(command);
        command.SetAction(parse =>
        {
            var messages = view();
            var encoding = video.Read(parse);
            var computePrecision = parse.GetValue(fp32) ? Precision.Float32 : ComputePrecision.Parse(parse.GetValue(precision) ?? "auto", "--precision");
            ShardSpec? shard = parse.GetValue(shardOption) is string k ? ShardSpec.Parse(k) : null;
            var files = InputFiles.Expand([.. parse.GetValue(inputs) ?? [], .. parse.GetValue(inputOption) ?? []], parse.GetValue(recursive), messages.Warn);
            ImageFormat? outFormat = parse.GetValue(format) is string f ? ImageCodec.FormatFromPath("x." + f) : null;
            var flatten = parse.GetValue(background);
            var plan = OutputPlan.For(files, parse.GetValue(output)!, parse.GetValue(suffix)!, outFormat, flatten != null, messages.Warn);
            foreach (var (_, target) in plan.Where(p => VideoUpscaler.IsVideo(p.Input))) encoding.Validate(target);
            using var sharded = shard is { } part ? ShardPlan.Open(part, parse.GetValue(output)!, files, plan) : null;
            using var network = ModelArgument.Open(parse.GetValue(model)!, messages.Message);
            using var other = parse.GetValue(blend) is string b ? ModelArgument.Open(b, messages.Message) : null;
            var options = new UpscalerOptions
            {
                TileSize = parse.GetValue(tile),
                TilePad = parse.GetValue(tilePad),
                Tta = parse.GetValue(tta),
                Alpha = parse.GetValue(alpha) == "bicubic" ? AlphaMode.Bicubic : AlphaMode.Model,
                MemoryBudgetBytes = parse.GetValue(memory) * 1024L * 1024,
                Precision = computePrecision,
            };
            float blendWeight = (float)(parse.GetValue(blendAlpha) ?? 0);
            using var upscaler = new Upscaler(network, other, blendWeight, options);
            var job = new UpscaleJob(upscaler.Engine, parse.GetValue(outscale), parse.GetValue(quality), flatten);
            string identity = $"{parse.GetValue(model)} {parse.GetValue(blend)} {blendWeight} {options.Alpha} tta={options.Tta} outscale={parse.GetValue(outscale)} precision={ComputePrecision.Resolve(computePrecision)}";
            var videoJob = new VideoJob(new VideoUpscaler(new FrameUpscaler(upscaler.Engine, parse.GetValue(outscale)), encoding, identity));
            return RunBatch(messages, job, videoJob, plan, parse.GetValue(skip), parse.GetValue(overwrite), sharded);
        });
        return command;
    }

    /// <summary>The largest --outscale: beyond x16 a bicubic resize adds nothing but size.</summary>
    public const double MaxOutscale = 16;

    private static int RunBatch(ProgressView view, UpscaleJob job, VideoJob videoJob, List<(string Input, string Output)> plan, bool skipExisting, bool overwrite, ShardedBatch? sharded)
    {
        List<(string Input, string Output)> todo;
        int skipped, failed = 0;
        if (sharded != null)
        {
            plan = sharded.Assigned.Select(i => (i.Input, i.Output)).ToList();
            todo = sharded.Pending.Select(i => (i.Input, i.Output)).ToList();
            skipped = plan.Count - todo.Count;
        }
        else (todo, skipped, failed) = ExistingOutputs.Partition(plan, skipExisting, overwrite, view.Message);
        long tiles = todo.Sum(t => TilesOf(job.Upscaler, t.Input));
        using var interruption = new Interruption();
        bool interrupted = false;
        view.Run("upscale", "tiles", 0, tiles, () =>
        {
            var progress = new BatchProgress(view, todo.Count);
            job.TileDone = () =>
            {
                interruption.ThrowIfRequested();
                progress.TileDone();
            };
            foreach (var (input, outputPath) in todo)
            {
                progress.StartImage(Path.GetFileName(input));
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
                    Action run = VideoUpscaler.IsVideo(input) ? () => videoJob.Run(input, outputPath, progress) : () => job.Run(input, outputPath);
                    if (sharded != null) sharded.Process(input, run);
                    else run();
                }
                catch (OperationCanceledException)
                {
                    progress.Message($"interrupted: {outputPath} was not written (no partial file left); the outputs before it are complete");
                    interrupted = true;
                    return;
                }
                catch (Exception e) when (e is not ThreadInterruptedException)
                {
                    // A bad file must not cost the rest of the batch, whatever it makes a decoder throw.
                    progress.Message($"error: {FileErrorLine.For(input, e)}");
                    failed++;
                }
                progress.ImageDone();
            }
        });
        if (interrupted) return Interruption.ExitCode;
        Console.WriteLine($"{plan.Count - failed - skipped} written, {skipped} skipped, {failed} failed");
        return failed > 0 ? 1 : 0;
    }

    private static long TilesOf(TileUpscaler upscaler, string input)
    {
        if (VideoUpscaler.IsVideo(input)) return 0;
        try
        {
            var info = ImageCodec.ReadInfo(input);
            return upscaler.CountTiles(info.Width, info.Height, info.Channels);
        }
        catch (ImageFileException)
        {
            return 0; // reported when the file's turn comes
        }
    }
}
