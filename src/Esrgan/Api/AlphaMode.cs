namespace Esrgan;

/// <summary>How the alpha channel of an image with transparency is upscaled.</summary>
public enum AlphaMode
{
    /// <summary>The alpha channel goes through the network as a grey image.</summary>
    Model,

    /// <summary>The alpha channel is upscaled with MATLAB-style bicubic interpolation.</summary>
    Bicubic,
}
