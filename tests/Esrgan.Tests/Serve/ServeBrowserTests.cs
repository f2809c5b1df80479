using Microsoft.Playwright;
using Xunit;

namespace Esrgan.Tests.Serve;

/// <summary>
/// The page in a real headless Chromium (the Debian package, driven by Playwright; no browser is downloaded):
/// upload a PNG, wait for the result, check its size, move the before/after slider, keep a screenshot.
/// </summary>
public sealed class ServeBrowserTests
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task APngDroppedOnThePageComesBackUpscaledWithABeforeAfterSlider()
    {
        await using var server = await ServerHarness.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 1000 } });
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{m.Text} {m.Location}"); };
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("#model option[value='realesrgan-x4fast']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#model", "realesrgan-x4fast");
        await page.SetInputFilesAsync("#files", Path.Combine(TestPaths.RepoRoot, "samples", "astronaut.png"));

        await page.WaitForFunctionAsync("() => { const i = document.querySelector('.result .after'); return i && i.complete && i.naturalWidth > 0; }",
            null, new PageWaitForFunctionOptions { Timeout = 180_000 });
        var size = await page.EvaluateAsync<int[]>("() => { const i = document.querySelector('.result .after'); return [i.naturalWidth, i.naturalHeight]; }");
        Assert.Equal([768, 768], size);
        Assert.Equal("768×768", await page.TextContentAsync(".result .size"));
        Assert.Equal("done", await page.TextContentAsync(".item .state"));
        Assert.False(await page.IsVisibleAsync("#interpolation"), "the interpolation slider needs two models of one architecture");

        await page.Locator(".result .slider").FillAsync("30");
        Assert.Equal("inset(0px 70% 0px 0px)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.result .before')).clipPath"));
        Assert.Equal("30%", await page.EvaluateAsync<string>("() => document.querySelector('.result .divider').style.left"));
        Assert.Empty(consoleErrors);

        string artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        string shot = Path.Combine(artifacts, "serve-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
