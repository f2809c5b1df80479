namespace Esrgan.Training.Options;

/// <summary>
/// Reads an options file in BasicSR's shape into <see cref="TrainingOptions"/>. Keys BasicSR uses for
/// multi-GPU, storage back-ends and dashboards are accepted and ignored; any other unknown key is an error.
/// </summary>
public static class OptionsReader
{
    /// <summary>Reads the file with its overrides and checks that the folders and files it names exist.</summary>
    public static TrainingOptions Load(string file, IEnumerable<string> overrides)
    {
        var assignments = overrides.ToList();
        var document = OptionsDocument.Load(file, assignments);
        var options = Read(document) with { Overrides = assignments, EffectiveYaml = document.ToYaml() };
        CheckPaths(options);
        return options;
    }

    /// <summary>
    /// Paths are relative to the folder training runs in (the repository root in this project's files), or to
    /// <paramref name="baseDirectory"/> when given.
    /// </summary>
    public static void CheckPaths(TrainingOptions o, string? baseDirectory = null)
    {
        string root = baseDirectory ?? Directory.GetCurrentDirectory();
        void Folders(string key, IEnumerable<string> folders)
        {
            foreach (var f in folders)
                if (!Directory.Exists(Path.Combine(root, f)))
                    throw new OptionsException($"{o.SourceFile}: option '{key}': folder '{f}' does not exist (paths are relative to the folder training runs in: {root})");
        }
        void FileAt(string key, string? path)
        {
            if (path != null && !File.Exists(Path.Combine(root, path))) throw new OptionsException($"{o.SourceFile}: option '{key}': file '{path}' does not exist");
        }
        Folders("datasets.train.dataroot_gt", o.TrainData.GtFolders);
        Folders("datasets.train.dataroot_lq", o.TrainData.LqFolders);
        if (o.ValData != null)
        {
            Folders("datasets.val.dataroot_gt", o.ValData.GtFolders);
            Folders("datasets.val.dataroot_lq", o.ValData.LqFolders);
        }
        FileAt("path.pretrain_network_g", o.Paths.PretrainNetworkG);
        FileAt("path.pretrain_network_d", o.Paths.PretrainNetworkD);
        FileAt("train.perceptual_opt.vgg_weights", o.Train.Perceptual?.VggWeights);
    }

    public static TrainingOptions Read(OptionSection root)
    {
        root.Ignore("num_gpu", "dist_params", "is_train", "dist", "find_unused_parameters");
        string name = root.String("name");
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            throw root.Wrong("name", $"'{name}' cannot be used as a folder name");
        var mode = root.String("model_type", "SRModel") switch
        {
            "SRModel" => TrainingMode.Sr,
            "SRGANModel" => TrainingMode.SrGan,
            "ESRGANModel" => TrainingMode.EsrGan,
            var other => throw root.Wrong("model_type", $"'{other}' is not SRModel, SRGANModel or ESRGANModel"),
        };
        int scale = Positive(root, "scale", root.Int("scale", 4));
        int seed = root.Int("manual_seed", 0);
        var datasets = root.RequiredSection("datasets");
        var trainData = ReadTrainData(datasets.RequiredSection("train"));
        var valData = datasets.Section("val") is { } v ? ReadValData(v) : null;
        var networkG = ReadNetwork(root.RequiredSection("network_g"));
        var networkD = root.Section("network_d") is { } d ? ReadNetwork(d) : null;
        var paths = ReadPaths(root.Section("path"));
        var train = ReadTrain(root.RequiredSection("train"), mode);
        var validation = root.Section("val") is { } val ? ReadValidation(val, scale) : null;
        var logger = ReadLogger(root.Section("logger"));
        if (mode != TrainingMode.Sr && networkD == null) throw root.Wrong("network_d", $"{root.String("model_type")} needs a discriminator (network_d)");
        if (validation != null && valData == null) throw root.Wrong("val", "validation needs datasets.val");
        root.RejectUnknown();
        return new TrainingOptions(root.File, name, mode, scale, seed, trainData, validation != null ? valData : null,
            networkG, mode == TrainingMode.Sr ? null : networkD, paths, train, validation, logger);
    }

    private static TrainDatasetOptions ReadTrainData(OptionSection s)
    {
        IgnoreDatasetKeys(s);
        s.Ignore("dataset_enlarge_ratio", "prefetch_mode", "pin_memory");
        var gt = Folders(s, "dataroot_gt", required: true);
        var lq = Folders(s, "dataroot_lq", required: false);
        if (lq.Count > 0 && lq.Count != gt.Count) throw s.Wrong("dataroot_lq", $"{lq.Count} folders given for {gt.Count} in dataroot_gt");
        return new TrainDatasetOptions(gt, lq, s.String("filename_tmpl", "{}"),
            Positive(s, "gt_size", s.Int("gt_size", 128)), s.Bool("use_hflip", true), s.Bool("use_rot", true), s.Bool("use_shuffle", true),
            Math.Max(1, s.Int("num_worker_per_gpu", 2)), Positive(s, "batch_size_per_gpu", s.Int("batch_size_per_gpu", 16)),
            Math.Max(0, s.Int("cache_mb", 1024)));
    }

    private static ValDatasetOptions ReadValData(OptionSection s)
    {
        IgnoreDatasetKeys(s);
        var gt = Folders(s, "dataroot_gt", required: true);
        var lq = Folders(s, "dataroot_lq", required: false);
        if (lq.Count > 0 && lq.Count != gt.Count) throw s.Wrong("dataroot_lq", $"{lq.Count} folders given for {gt.Count} in dataroot_gt");
        return new ValDatasetOptions(s.String("name", "val"), gt, lq, s.String("filename_tmpl", "{}"));
    }

    private static void IgnoreDatasetKeys(OptionSection s)
    {
        s.Ignore("name", "io_backend", "phase", "scale");
        if (s.OptionalString("type") is { } type && type != "PairedImageDataset")
            throw s.Wrong("type", $"'{type}' is not supported; HR folders with optional LR folders are PairedImageDataset");
    }

    private static IReadOnlyList<string> Folders(OptionSection s, string key, bool required)
    {
        var folders = s.Strings(key);
        if (required && folders.Count == 0) throw s.Wrong(key, "no folder given");
        return folders;
    }

    private static NetworkOptions ReadNetwork(OptionSection s)
    {
        string type = s.String("type");
        var parameters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in s.Keys.Where(k => k != "type"))
        {
            parameters[key] = s.OptionalString(key)?.ToLowerInvariant() switch
            {
                "true" => 1,
                "false" => 0,
                _ => s.Int(key),
            };
            // Channel and feature counts size the layers; zero would only fail later, deep in the first step.
            if (key.StartsWith("num_", StringComparison.Ordinal) && key != "num_block" && parameters[key] < 1)
                throw s.Wrong(key, $"{parameters[key]} must be at least 1");
            if (parameters[key] < 0) throw s.Wrong(key, $"{parameters[key]} must not be negative");
        }
        return new NetworkOptions(type, parameters);
    }

    private static PathOptions ReadPaths(OptionSection? s)
    {
        if (s == null) return new PathOptions(null, true, null, true, null);
        s.Ignore("param_key_g", "param_key_d", "resume_state", "visualization", "results_root", "log", "models", "training_states");
        return new PathOptions(s.OptionalString("pretrain_network_g"), s.Bool("strict_load_g", true),
            s.OptionalString("pretrain_network_d"), s.Bool("strict_load_d", true), s.OptionalString("experiments_root"));
    }

    private static TrainOptions ReadTrain(OptionSection s, TrainingMode mode)
    {
        int total = Positive(s, "total_iter", s.Int("total_iter"));
        double ema = s.Double("ema_decay", 0);
        if (ema is < 0 or >= 1) throw s.Wrong("ema_decay", "must be in [0, 1)");
        var optimG = ReadOptimizer(s.RequiredSection("optim_g"));
        var optimD = mode != TrainingMode.Sr && s.Section("optim_d") is { } d ? ReadOptimizer(d) : null;
        if (mode != TrainingMode.Sr && optimD == null) throw s.Wrong("optim_d", "GAN training needs an optimiser for the discriminator");
        var scheduler = ReadScheduler(s.RequiredSection("scheduler"));
        var pixel = s.Section("pixel_opt") is { } p ? ReadPixel(p) : null;
        var perceptual = s.Section("perceptual_opt") is { } pe ? ReadPerceptual(pe) : null;
        var gan = s.Section("gan_opt") is { } g ? ReadGan(g) : null;
        if (mode == TrainingMode.Sr) s.Ignore("optim_d", "net_d_iters", "net_d_init_iters");
        if (mode != TrainingMode.Sr && gan == null) throw s.Wrong("gan_opt", "GAN training needs gan_opt");
        if (pixel == null && perceptual == null && gan == null) throw s.Wrong("pixel_opt", "no loss is configured (pixel_opt, perceptual_opt or gan_opt)");
        return new TrainOptions(total, s.Int("warmup_iter", -1), ema, optimG, optimD, scheduler, pixel,
            perceptual is { Weight: > 0 } ? perceptual : null, mode == TrainingMode.Sr ? null : gan,
            Positive(s, "net_d_iters", s.Int("net_d_iters", 1)), Math.Max(0, s.Int("net_d_init_iters", 0)), ReadPrecision(s));
    }

    /// <summary>train.precision: fp32 (default) or bf16 (bf16 convolutions; weights, Adam and losses stay fp32).</summary>
    private static Precision ReadPrecision(OptionSection s) => s.String("precision", "fp32") switch
    {
        "fp32" => Precision.Float32,
        "bf16" => Precision.BFloat16,
        var other => throw s.Wrong("precision", $"'{other}' is not fp32 or bf16"),
    };

    private static OptimizerOptions ReadOptimizer(OptionSection s)
    {
        if (s.String("type", "Adam") != "Adam") throw s.Wrong("type", $"'{s.String("type")}' is not supported (Adam is)");
        var betas = s.Doubles("betas", [0.9, 0.999]);
        if (betas.Count != 2) throw s.Wrong("betas", "expected two values such as [0.9, 0.99]");
        double lr = s.Double("lr");
        if (lr <= 0) throw s.Wrong("lr", "must be positive");
        return new OptimizerOptions(lr, betas[0], betas[1], s.Double("weight_decay", 0));
    }

    private static SchedulerOptions ReadScheduler(OptionSection s)
    {
        string type = s.String("type");
        switch (type)
        {
            case "MultiStepLR":
            case "MultiStepRestartLR":
                return new SchedulerOptions(SchedulerKind.MultiStep, s.Doubles("milestones", []), s.Double("gamma", 0.5), [], [], 0);
            case "CosineAnnealingRestartLR":
                var periods = s.Doubles("periods", []);
                if (periods.Count == 0 || periods.Any(p => p <= 0)) throw s.Wrong("periods", "expected a list of positive iteration counts");
                var weights = s.Doubles("restart_weights", Enumerable.Repeat(1.0, periods.Count).ToList());
                if (weights.Count != periods.Count) throw s.Wrong("restart_weights", $"{weights.Count} weights for {periods.Count} periods");
                return new SchedulerOptions(SchedulerKind.CosineAnnealingRestart, [], 1, periods, weights, s.Double("eta_min", 0));
            default:
                throw s.Wrong("type", $"'{type}' is not MultiStepLR or CosineAnnealingRestartLR");
        }
    }

    private static PixelCriterion Criterion(OptionSection s, string key, string value) => value switch
    {
        "L1Loss" or "l1" => PixelCriterion.L1,
        "MSELoss" or "l2" => PixelCriterion.Mse,
        _ => throw s.Wrong(key, $"'{value}' is not supported (L1Loss or MSELoss; criterion l1 or l2)"),
    };

    private static PixelLossOptions ReadPixel(OptionSection s)
    {
        if (s.String("reduction", "mean") != "mean") throw s.Wrong("reduction", "only mean is supported");
        return new PixelLossOptions(Criterion(s, "type", s.String("type")), s.Double("loss_weight", 1));
    }

    private static PerceptualLossOptions ReadPerceptual(OptionSection s)
    {
        if (s.String("type", "PerceptualLoss") != "PerceptualLoss") throw s.Wrong("type", "only PerceptualLoss is supported");
        if (s.String("vgg_type", "vgg19") != "vgg19") throw s.Wrong("vgg_type", "only vgg19 is supported");
        if (s.Double("style_weight", 0) != 0) throw s.Wrong("style_weight", "the style loss is not supported; use 0");
        var layers = s.RequiredSection("layer_weights");
        var weights = layers.Keys.ToDictionary(k => k, k => layers.Double(k), StringComparer.Ordinal);
        if (weights.Count == 0) throw s.Wrong("layer_weights", "name at least one VGG19 layer, for example {conv5_4: 1}");
        return new PerceptualLossOptions(weights, Criterion(s, "criterion", s.String("criterion", "l1")), s.Double("perceptual_weight", 1),
            s.Bool("use_input_norm", true), s.Bool("range_norm", false), s.OptionalString("vgg_weights"), s.Bool("vgg_random_init", false));
    }

    private static GanLossOptions ReadGan(OptionSection s)
    {
        if (s.String("type", "GANLoss") != "GANLoss") throw s.Wrong("type", "only GANLoss is supported");
        if (s.String("gan_type", "vanilla") != "vanilla") throw s.Wrong("gan_type", "only vanilla (binary cross-entropy on logits) is supported");
        return new GanLossOptions(s.Double("loss_weight", 1), s.Double("real_label_val", 1), s.Double("fake_label_val", 0));
    }

    private static ValidationOptions ReadValidation(OptionSection s, int scale)
    {
        s.Ignore("pbar", "suffix");
        var metrics = new List<MetricOptions>();
        if (s.Section("metrics") is { } m)
            foreach (var key in m.Keys)
            {
                var metric = m.RequiredSection(key);
                var kind = metric.String("type") switch
                {
                    "calculate_psnr" => MetricKind.Psnr,
                    "calculate_ssim" => MetricKind.Ssim,
                    var t => throw metric.Wrong("type", $"'{t}' is not calculate_psnr or calculate_ssim"),
                };
                metrics.Add(new MetricOptions(key, kind, Math.Max(0, metric.Int("crop_border", scale)), metric.Bool("test_y_channel", true)));
            }
        if (metrics.Count == 0) throw s.Wrong("metrics", "name at least one metric, for example psnr: {type: calculate_psnr, crop_border: 4, test_y_channel: true}");
        return new ValidationOptions(Positive(s, "val_freq", s.Int("val_freq", 5000)), s.Bool("save_img", false), metrics);
    }

    private static LoggerOptions ReadLogger(OptionSection? s)
    {
        if (s == null) return new LoggerOptions(100, 5000, 2);
        s.Ignore("use_tb_logger", "wandb");
        return new LoggerOptions(Positive(s, "print_freq", s.Int("print_freq", 100)),
            Positive(s, "save_checkpoint_freq", s.Int("save_checkpoint_freq", 5000)), Positive(s, "keep_states", s.Int("keep_states", 2)));
    }

    private static int Positive(OptionSection s, string key, int value) => value > 0 ? value : throw s.Wrong(key, "must be positive");
}
