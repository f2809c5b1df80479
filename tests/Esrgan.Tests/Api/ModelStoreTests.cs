using Xunit;

namespace Esrgan.Tests.Api;

public sealed class ModelStoreTests : IDisposable
{
    private readonly ApiSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void ACachedModelIsOpenedWithoutFetching()
    {
        string cache = Directory.CreateDirectory(_box.Path("cache")).FullName;
        File.Copy(_box.SmallModel(scale: 4), Path.Combine(cache, "realesrgan-x4fast.safetensors"));
        using var model = new ModelStore(cache).Get("RealESRGAN-x4fast", new Reporter<string>(m => Assert.Fail($"fetched: {m}")));
        Assert.Equal(4, model.Scale);
    }

    [Fact]
    public void AnUnregisteredNameIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new ModelStore(_box.Dir).Get("my-model"));
        Assert.Contains("'my-model' is not a registered model", e.Message);
        Assert.Empty(Directory.GetFiles(_box.Dir));
    }

    [Fact]
    public void LoadingAModelTreatsARegisteredNameAsAFileName()
    {
        Assert.Throws<FileNotFoundException>(() => SuperResolutionModel.Load(ModelStore.DefaultModel));
    }
}
