using Esrgan.Engine;
using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// torchvision's vgg19().features (keys features.{i}.weight/bias) up to the deepest requested layer, for perceptual
/// losses as BasicSR's VGGFeatureExtractor: layers are named as BasicSR's NAMES['vgg19'] (conv5_4 is ESRGAN's feature
/// before activation, relu5_4 SRGAN's "VGG54" after it). The input is an RGB image in [0, 1] (in [-1, 1] with
/// range_norm), normalised with ImageNet's mean and std when use_input_norm is set. Weights are frozen and the module is
/// in evaluation mode: backward gives only the gradient with respect to the image.
/// </summary>
internal sealed class Vgg19FeatureExtractor : Module
{
    private static readonly string[] Names =
    [
        "conv1_1", "relu1_1", "conv1_2", "relu1_2", "pool1",
        "conv2_1", "relu2_1", "conv2_2", "relu2_2", "pool2",
        "conv3_1", "relu3_1", "conv3_2", "relu3_2", "conv3_3", "relu3_3", "conv3_4", "relu3_4", "pool3",
        "conv4_1", "relu4_1", "conv4_2", "relu4_2", "conv4_3", "relu4_3", "conv4_4", "relu4_4", "pool4",
        "conv5_1", "relu5_1", "conv5_2", "relu5_2", "conv5_3", "relu5_3", "conv5_4", "relu5_4", "pool5",
    ];

    /// <summary>BasicSR's NAMES['vgg19']: the name of features.{i} is LayerNames[i].</summary>
    public static IReadOnlyList<string> LayerNames => Names;

    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f], ImageNetStd = [0.229f, 0.224f, 0.225f];

    private readonly Sequential _features;
    private readonly float[] _inputScale = new float[3], _inputShift = new float[3];

    public Vgg19FeatureExtractor(IEnumerable<string> layers, bool useInputNorm = true, bool rangeNorm = false)
    {
        Layers = layers.Distinct().OrderBy(IndexOf).ToList();
        if (Layers.Count == 0) throw new ArgumentException("request at least one VGG19 layer");
        UseInputNorm = useInputNorm;
        RangeNorm = rangeNorm;
        for (int c = 0; c < 3; c++)
        {
            // range_norm maps [-1, 1] to [0, 1] first: x' = (x + 1) / 2; the ImageNet step then gives (x' - mean) / std.
            float scale = rangeNorm ? 0.5f : 1f, shift = rangeNorm ? 0.5f : 0f;
            float mean = useInputNorm ? ImageNetMean[c] : 0f, std = useInputNorm ? ImageNetStd[c] : 1f;
            _inputScale[c] = scale / std;
            _inputShift[c] = (shift - mean) / std;
        }
        _features = RegisterModule("features", new Sequential());
        int channels = 3;
        for (int i = 0; i <= IndexOf(Layers[^1]); i++)
        {
            string name = LayerNames[i];
            if (name.StartsWith("conv", StringComparison.Ordinal))
            {
                int stage = name[4] - '0', width = 64 << Math.Min(stage - 1, 3);
                _features.Add(new Conv2d(channels, width, 3));
                channels = width;
            }
            else _features.Add(name.StartsWith("relu", StringComparison.Ordinal) ? Relu.Create() : new MaxPool2d());
        }
        Freeze();
        Eval();
    }

    /// <summary>The requested layers, shallowest first.</summary>
    public IReadOnlyList<string> Layers { get; }
    public bool UseInputNorm { get; }
    public bool RangeNorm { get; }

    private static int IndexOf(string layer)
    {
        int i = Array.IndexOf(Names, layer);
        return i >= 0 ? i : throw new ArgumentException($"'{layer}' is not a VGG19 layer; known: {string.Join(", ", LayerNames)}");
    }

    /// <summary>Kaiming-normal weights (for smoke tests without the ImageNet file).</summary>
    public Vgg19FeatureExtractor WithRandomWeights(Random random)
    {
        Init.KaimingNormal(this, random);
        return this;
    }

    /// <summary>Takes torchvision's vgg19 state dict: features.{i}.* up to the deepest requested layer; deeper layers and classifier.* are ignored.</summary>
    public void LoadTorchvision(StateDict weights)
    {
        var own = NamedParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        bool Ignored(string key) => key.StartsWith("classifier.", StringComparison.Ordinal)
            || (key.StartsWith("features.", StringComparison.Ordinal) && !own.Contains(key));
        LoadStateDict(weights.Where(kv => !Ignored(kv.Key)));
    }

    /// <summary>Loads torchvision's vgg19 .pth (for example vgg19-dcbbe544.pth) or the same tensors as safetensors.</summary>
    public void LoadTorchvision(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: VGG19 weights not found. They are torchvision's ImageNet vgg19 file "
                + "(vgg19-dcbbe544.pth, about 548 MB, from download.pytorch.org/models/); give the path where it was saved.", path);
        LoadTorchvision(ModelFile.ReadWeights(path));
    }

    /// <summary>The requested layers' outputs (backend activation layout; the caller disposes them).</summary>
    public Dictionary<string, Tensor> Extract(Tensor input)
    {
        BeginForward();
        return ExtractFeatures(input);
    }

    private Dictionary<string, Tensor> ExtractFeatures(Tensor input)
    {
        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var current = Normalize(input);
        try
        {
            for (int i = 0; i < _features.Layers.Count; i++)
            {
                var next = _features.Layers[i].Forward(current);
                current.Dispose();
                current = next;
                if (Layers.Contains(LayerNames[i])) outputs[LayerNames[i]] = current.Share();
            }
            return outputs;
        }
        catch
        {
            foreach (var t in outputs.Values) t.Dispose();
            throw;
        }
        finally
        {
            current.Dispose();
        }
    }

    /// <summary>The gradient with respect to the input image from gradients of any of the requested layers' outputs.</summary>
    public Tensor Backward(IReadOnlyDictionary<string, Tensor> gradients)
    {
        CheckBackward();
        var gradInput = BackwardFeatures(gradients);
        EndBackward();
        return gradInput;
    }

    private Tensor BackwardFeatures(IReadOnlyDictionary<string, Tensor> gradients)
    {
        foreach (var name in gradients.Keys)
            if (!Layers.Contains(name)) throw new ArgumentException($"VGG19 layer '{name}' was not requested, so it has no gradient path");
        Tensor? g = null;
        try
        {
            for (int i = _features.Layers.Count - 1; i >= 0; i--)
            {
                if (gradients.TryGetValue(LayerNames[i], out var given))
                {
                    if (g == null)
                    {
                        g = Tensor.Empty(given.N, given.C, given.H, given.W, Backend.Current.ActivationLayout);
                        Backend.Current.Reorder(given, g);
                    }
                    else TensorOps.AddInto(g, given);
                }
                if (g == null) continue;
                var previous = g;
                g = _features.Layers[i].Backward(previous);
                previous.Dispose();
            }
            if (g == null) throw new ArgumentException("no gradient was given for any requested VGG19 layer");
            var gradInput = Tensor.Empty(g.N, g.C, g.H, g.W, g.Layout);
            Backend.Current.ChannelAffine(g, _inputScale, new float[3], gradInput);
            return gradInput;
        }
        finally
        {
            g?.Dispose();
        }
    }

    /// <summary>The deepest requested layer's output.</summary>
    protected override Tensor OnForward(Tensor input)
    {
        var outputs = ExtractFeatures(input);
        foreach (var (name, t) in outputs)
            if (name != Layers[^1]) t.Dispose();
        return outputs[Layers[^1]];
    }

    protected override Tensor OnBackward(Tensor gradOutput) => BackwardFeatures(new Dictionary<string, Tensor> { [Layers[^1]] = gradOutput });

    private Tensor Normalize(Tensor input)
    {
        if (input.C != 3) throw new ArgumentException($"VGG19 takes RGB images, got {input.ShapeString}");
        var output = Tensor.Empty(input.N, 3, input.H, input.W, input.Layout);
        Backend.Current.ChannelAffine(input, _inputScale, _inputShift, output);
        return output;
    }
}
