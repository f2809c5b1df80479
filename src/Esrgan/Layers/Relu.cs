namespace Esrgan.Layers;

/// <summary>ReLU, the zero-slope LeakyReLU.</summary>
internal static class Relu
{
    public static LeakyRelu Create() => new(0f);
}
