using PixelFlow.Api.Files;
using Shouldly;

namespace PixelFlow.Tests.Files;

/// <summary>The orphan sweep keeps a file's objects only if it recognises their keys as the file's.</summary>
public sealed class FileStorageReferencesTests
{
    private static readonly Guid Project = Guid.Parse("0195f3a0-0000-7000-8000-000000000001");
    private static readonly Guid File = Guid.Parse("0195f3a0-0000-7000-8000-000000000002");

    [Fact]
    public void TheOriginalAndEveryVariantKeyNameTheirProjectAndFile()
    {
        FileStorageReferences.TryParse(FileKeys.Original(Project, File, "jpg"), out var originalProject, out var originalFile).ShouldBeTrue();
        (originalProject, originalFile).ShouldBe((Project, File));
        FileStorageReferences.TryParse(FileKeys.VariantStem(Project, "thumb", File) + ".webp", out var variantProject, out var variantFile)
            .ShouldBeTrue();
        (variantProject, variantFile).ShouldBe((Project, File));
    }

    [Theory]
    [InlineData("projects/0195f3a0-0000-7000-8000-000000000001/jobs/0195f3a0-0000-7000-8000-000000000002/source")]
    [InlineData("0195f3a0-0000-7000-8000-000000000001/files/readme.txt")]
    [InlineData("not-a-project/files/0195f3a0-0000-7000-8000-000000000002.jpg")]
    [InlineData("0195f3a0-0000-7000-8000-000000000001/0195f3a0-0000-7000-8000-000000000002.jpg")]
    public void KeysOfOtherLayoutsAreNotAFilesObjects(string key) =>
        FileStorageReferences.TryParse(key, out _, out _).ShouldBeFalse();
}
