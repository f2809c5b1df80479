namespace Esrgan.Layers;

/// <summary>ReLU, the zero-slope LeakyReLU.</summary>
public static class Relu
{
    public static LeakyRelu Create() => new(0f);
}
