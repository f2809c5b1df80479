using System.CommandLine;
using Esrgan.Training.Data;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan extract-subimages INPUT OUTPUT: cuts large HR images into overlapping tiles for training, as BasicSR's script does.</summary>
internal static class ExtractSubimagesCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Folder of PNG/JPEG/WebP images" };
        var output = new Argument<string>("output") { Description = "Folder for the tiles (NAME_sNNN.png); created if missing" };
        var crop = new Option<int>("--crop-size") { Description = "Tile side in pixels", DefaultValueFactory = _ => 480 };
        var step = new Option<int>("--step") { Description = "Distance between tile origins", DefaultValueFactory = _ => 240 };
        var thresh = new Option<int>("--thresh-size") { Description = "Add a border-aligned last tile when more than this many pixels would be left out", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Images processed at once", DefaultValueFactory = _ => Environment.ProcessorCount };
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
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parse.GetValue(threads)) }, file =>
            {
                Interlocked.Add(ref tiles, SubimageExtractor.Extract(file, outDir, parse.GetValue(crop), parse.GetValue(step), parse.GetValue(thresh)));
                Console.Error.Write($"\r{Interlocked.Increment(ref done)}/{files.Count} images");
            });
            Console.Error.WriteLine();
            Console.WriteLine($"{tiles} sub-images from {files.Count} images written to {outDir}");
        }));
        return command;
    }
}
