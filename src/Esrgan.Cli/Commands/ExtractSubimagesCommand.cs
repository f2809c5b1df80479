using System.CommandLine;
using Esrgan.Cli.Options;
using Esrgan.Training.Data;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan extract-subimages INPUT OUTPUT: cuts large HR images into overlapping tiles for training, as BasicSR's script does.</summary>
internal static class ExtractSubimagesCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Folder of PNG/JPEG/WebP images" };
        var output = new Argument<string>("output") { Description = "Folder for the tiles (NAME_sNNN.png); created if missing" };
        var crop = OptionRules.Int("--crop-size", "Tile side in pixels", 480, 1, 1 << 16);
        var step = OptionRules.Int("--step", "Distance between tile origins", 240, 1, 1 << 16);
        var thresh = OptionRules.Int("--thresh-size", "Add a border-aligned last tile when more than this many pixels would be left out", 0, 0, 1 << 16);
        var threads = OptionRules.Int("--threads", "Images processed at once", Environment.ProcessorCount, 1, 1024);
        var command = new Command("extract-subimages", "Cut images into overlapping sub-images (480 every 240 by default) for training");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.Options.Add(crop);
        command.Options.Add(step);
        command.Options.Add(thresh);
        command.Options.Add(threads);
        command.SetAction(parse => InfoCommand.ReportingErrors(() =>
        {
            var files = ImagePairList.ImagesIn(parse.GetValue(input)!);
            string outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            int tiles = 0, done = 0;
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parse.GetValue(threads) }, file =>
            {
                Interlocked.Add(ref tiles, SubimageExtractor.Extract(file, outDir, parse.GetValue(crop), parse.GetValue(step), parse.GetValue(thresh)));
                int finished = Interlocked.Increment(ref done);
                if (!Console.IsErrorRedirected) Console.Error.Write($"\r{finished}/{files.Count} images");
            });
            if (!Console.IsErrorRedirected) Console.Error.WriteLine();
            Console.WriteLine($"{tiles} sub-images from {files.Count} images written to {outDir}");
        }));
        return command;
    }
}
