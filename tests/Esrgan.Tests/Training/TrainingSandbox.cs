using Esrgan.Imaging;
using Esrgan.Training.Options;

namespace Esrgan.Tests.Training;

/// <summary>A temporary folder with small synthetic HR images (train and val) and an options file for a tiny RRDBNet.</summary>
internal sealed class TrainingSandbox : IDisposable
{
    public TrainingSandbox(int trainImages = 4, int size = 48)
    {
        Root = Path.Combine(Path.GetTempPath(), "esrgan-training-" + Guid.NewGuid().ToString("N"));
        TrainFolder = Path.Combine(Root, "train");
        ValFolder = Path.Combine(Root, "val");
        var random = new Random(7);
        for (int i = 0; i < trainImages; i++) ImageCodec.Write(Path.Combine(TrainFolder, $"img{i}.png"), Pattern(size + 4 * i, size, random));
        for (int i = 0; i < 2; i++) ImageCodec.Write(Path.Combine(ValFolder, $"val{i}.png"), Pattern(32, 24, random));
    }

    public string Root { get; }
    public string TrainFolder { get; }
    public string ValFolder { get; }
    public string Experiments => Path.Combine(Root, "experiments");

    /// <summary>Smooth colour waves plus a little noise, so there is something to learn.</summary>
    public static Image Pattern(int width, int height, Random random)
    {
        var pixels = new float[width * height * 3];
        double fx = 0.1 + random.NextDouble() * 0.3, fy = 0.1 + random.NextDouble() * 0.3;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    pixels[(y * width + x) * 3 + c] = (float)Math.Clamp(0.5 + 0.4 * Math.Sin(fx * x * (c + 1) + fy * y) + 0.05 * random.NextDouble(), 0, 1);
        return new Image(width, height, 3, 8, pixels);
    }

    public string OptionsText(int totalIter = 6, int checkpointFreq = 3, string extra = "") => $"""
        name: tiny
        model_type: SRModel
        scale: 4
        manual_seed: 5
        datasets:
          train:
            name: synthetic
            type: PairedImageDataset
            dataroot_gt: {TrainFolder}
            gt_size: 32
            use_hflip: true
            use_rot: true
            num_worker_per_gpu: 2
            batch_size_per_gpu: 2
          val:
            name: synthetic_val
            dataroot_gt: {ValFolder}
        network_g:
          type: RRDBNet
          num_feat: 16
          num_block: 1
          num_grow_ch: 16
        path:
          experiments_root: {Experiments}
        train:
          ema_decay: 0.9
          optim_g:
            type: Adam
            lr: !!float 1e-3
            betas: [0.9, 0.99]
          scheduler:
            type: MultiStepLR
            milestones: [4]
            gamma: 0.5
          total_iter: {totalIter}
          pixel_opt:
            type: L1Loss
            loss_weight: 1.0
        val:
          val_freq: 3
          metrics:
            psnr:
              type: calculate_psnr
              crop_border: 4
              test_y_channel: true
        logger:
          print_freq: 2
          save_checkpoint_freq: {checkpointFreq}
        {extra}
        """;

    /// <summary>ESRGAN on top of <see cref="OptionsText"/>: random VGG19 (conv5_4), a small SRGAN discriminator, all three losses.</summary>
    public string GanOptionsText(int totalIter = 4, int checkpointFreq = 2, string vgg = "vgg_random_init: true") =>
        OptionsText(totalIter, checkpointFreq).Replace("model_type: SRModel", "model_type: ESRGANModel", StringComparison.Ordinal)
            .Replace("""
          pixel_opt:
            type: L1Loss
            loss_weight: 1.0
        """, $"""
          pixel_opt:
            type: L1Loss
            loss_weight: 0.01
          optim_d:
            type: Adam
            lr: !!float 1e-3
          perceptual_opt:
            layer_weights:
              conv5_4: 1
            {vgg}
          gan_opt:
            type: GANLoss
            loss_weight: !!float 5e-3
        network_d:
          type: SRGANDiscriminator
          num_feat: 4
        """, StringComparison.Ordinal);

    public string WriteOptions(string text, string name = "options.yml")
    {
        Directory.CreateDirectory(Root);
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public TrainingOptions Load(string text, params string[] overrides) => OptionsReader.Load(WriteOptions(text), overrides);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
