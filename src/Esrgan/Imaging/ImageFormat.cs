namespace Esrgan.Imaging;

public enum ImageFormat { Png, Jpeg, Webp }
