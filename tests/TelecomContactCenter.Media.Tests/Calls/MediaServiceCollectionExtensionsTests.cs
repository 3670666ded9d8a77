using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Media.Calls;
using TelecomContactCenter.Media.Ports;
using TelecomContactCenter.Media.Prompts;
using TelecomContactCenter.Media.Rtp;
using TelecomContactCenter.Media.Tests.Prompts;

namespace TelecomContactCenter.Media.Tests.Calls;

public sealed class MediaServiceCollectionExtensionsTests : IDisposable
{
    private readonly DirectoryInfo _prompts = Directory.CreateTempSubdirectory("tcc-media-");

    [Fact]
    public async Task StartAsync_PortRangeWithNoEvenPair_FailsNamingTheKey()
    {
        using var host = Build(("Media:RtpPorts:MinPort", "20001"), ("Media:RtpPorts:MaxPort", "20001"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Media:RtpPorts", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("65")]
    public async Task StartAsync_ReceiveThreadsOutOfRange_FailsNamingTheKey(string threads)
    {
        using var host = Build(("Media:ReceiveThreads", threads));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Media:ReceiveThreads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_BadPromptFile_FailsNamingTheFile()
    {
        await File.WriteAllBytesAsync(Path.Combine(_prompts.FullName, "welcome.wav"), WavFile.Build(1, 1, 44100, 16, new byte[4]));
        using var host = Build();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => host.StartAsync());

        Assert.Contains("welcome.wav", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidConfiguration_LoadsPromptsAndOffersCallMedia()
    {
        await File.WriteAllBytesAsync(Path.Combine(_prompts.FullName, "goodbye.wav"), WavFile.Pcm16(1, 2, 3));
        using var host = Build();

        await host.StartAsync();

        Assert.Equal(["goodbye"], host.Services.GetRequiredService<PromptLibrary>().Names);
        Assert.NotNull(host.Services.GetRequiredService<CallMediaFactory>());
        Assert.Equal(20000, host.Services.GetRequiredService<IOptions<RtpPortOptions>>().Value.MinPort);
        Assert.Equal(RtpReceiveLoops.DefaultThreads, host.Services.GetRequiredService<RtpReceiveLoops>().Count);
        await host.StopAsync();
    }

    public void Dispose() => _prompts.Delete(recursive: true);

    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("Media:PromptFolder", _prompts.FullName)));
        builder.Services.AddMedia();
        return builder.Build();
    }
}
