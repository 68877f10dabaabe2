using PixelFlow.Api.Files;
using PixelFlow.Contracts.V1;
using Shouldly;

namespace PixelFlow.Tests.Files;

public sealed class FileVariantTests
{
    private static readonly OutputSpec Thumb = new()
    {
        Id = "thumb",
        Steps = [new OperationSpec { Action = Actions.Resize, Width = 64 }],
        Format = OutputFormats.Webp,
    };

    private static readonly OutputResult Stored = new() { Id = "thumb", Key = "p/thumb/f.webp", Format = "webp", Width = 64, Height = 43, Bytes = 900 };

    [Fact]
    public void APresetsDefinitionHashIgnoresTheOutputIdAndChangesWithTheDefinition()
    {
        PresetDefinitions.Hash(Thumb with { Id = "other" }).ShouldBe(PresetDefinitions.Hash(Thumb));
        PresetDefinitions.Hash(Thumb with { Quality = 70 }).ShouldNotBe(PresetDefinitions.Hash(Thumb));
        PresetDefinitions.Hash(Thumb with { Steps = [new OperationSpec { Action = Actions.Resize, Width = 32 }] })
            .ShouldNotBe(PresetDefinitions.Hash(Thumb));
    }

    [Fact]
    public void ARenditionSettlesOnceAndARestartMakesItPendingForTheNewJob()
    {
        var rendition = new FileVariant { FileId = Guid.NewGuid(), Name = "thumb", DefinitionHash = "" };
        var firstJob = Guid.NewGuid();
        rendition.Restart(firstJob, "h1", DateTimeOffset.UnixEpoch);

        rendition.TryComplete(Stored, DateTimeOffset.UnixEpoch).ShouldBeTrue();
        rendition.TryFail("source_corrupt", DateTimeOffset.UnixEpoch).ShouldBeFalse();
        (rendition.Status, rendition.Key, rendition.Width).ShouldBe((RenditionStatus.Ready, "p/thumb/f.webp", 64));

        var secondJob = Guid.NewGuid();
        rendition.Restart(secondJob, "h2", DateTimeOffset.UnixEpoch);

        (rendition.Status, rendition.JobId, rendition.DefinitionHash).ShouldBe((RenditionStatus.Pending, secondJob, "h2"));
        rendition.TryFail("worker_lost", DateTimeOffset.UnixEpoch).ShouldBeTrue();
        rendition.TryComplete(Stored, DateTimeOffset.UnixEpoch).ShouldBeFalse();
        (rendition.Status, rendition.ErrorCode).ShouldBe((RenditionStatus.Failed, "worker_lost"));
    }
}
