using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Files;

public sealed class FileTests(ServersFixture servers)
{
    private const string ThumbPreset = """{"steps":[{"action":"resize","width":64,"height":64,"fit":"cover"}],"format":"webp"}""";
    private const string SmallPreset = """{"action":"resize","width":200,"format":"png"}""";

    private async Task<FileClient> NewProjectAsync() => new(servers, await servers.CreateProjectAsync());

    [Fact]
    public async Task AnUploadedFileIsMadeIntoEveryVariantPresetByOneJobAndIsReadyWhenTheyAre()
    {
        using var files = await NewProjectAsync();
        await files.PutPresetAsync("thumb", ThumbPreset);
        await files.PutPresetAsync("small", SmallPreset);
        var photo = TestImages.Photo;

        var accepted = await files.UploadAsync(photo, "holiday photo.jpg");

        var fileId = accepted["id"]!.GetValue<string>();
        accepted["status"]!.GetValue<string>().ShouldBeOneOf("processing", "ready");
        accepted["key"]!.GetValue<string>().ShouldBe($"{files.Project.ProjectId}/files/{fileId}.jpg");
        var file = await files.WaitSettledAsync(fileId);
        file["status"]!.GetValue<string>().ShouldBe("ready");
        (file["original_filename"]!.GetValue<string>(), file["media_type"]!.GetValue<string>(), file["bytes"]!.GetValue<long>())
            .ShouldBe(("holiday photo.jpg", "image/jpeg", photo.LongLength));
        file["content_hash"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(photo)));
        (file["width"]!.GetValue<int>(), file["height"]!.GetValue<int>()).ShouldBe((1200, 800));
        var thumb = FileClient.Variant(file, "thumb");
        (thumb["status"]!.GetValue<string>(), thumb["format"]!.GetValue<string>(), thumb["width"]!.GetValue<int>(), thumb["height"]!.GetValue<int>())
            .ShouldBe(("ready", "webp", 64, 64));
        thumb["url"]!.GetValue<string>().ShouldContain($"/{files.Project.ProjectId}/thumb/{fileId}.webp");
        var small = FileClient.Variant(file, "small");
        (small["format"]!.GetValue<string>(), small["width"]!.GetValue<int>()).ShouldBe(("png", 200));
        small["job_id"]!.GetValue<string>().ShouldBe(thumb["job_id"]!.GetValue<string>());
        (await files.CountFileJobsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task ContentRedirectsToTheOriginalOrAVariantWithCacheHeaders()
    {
        using var files = await NewProjectAsync();
        await files.PutPresetAsync("thumb", ThumbPreset);
        var photo = TestImages.Photo;
        var fileId = (await files.UploadAsync(photo))["id"]!.GetValue<string>();
        await files.WaitSettledAsync(fileId);

        var original = await files.Http.GetAsync($"/v1/files/{fileId}/content");
        var variant = await files.Http.GetAsync($"/v1/files/{fileId}/content?variant=thumb&download=1");

        original.StatusCode.ShouldBe(HttpStatusCode.Found);
        original.Headers.CacheControl!.Private.ShouldBeTrue();
        original.Headers.CacheControl.MaxAge.ShouldNotBeNull();
        original.Headers.ETag!.Tag.ShouldBe($"\"{Convert.ToHexStringLower(SHA256.HashData(photo))}\"");
        (await servers.Storage.GetByteArrayAsync(original.Headers.Location)).ShouldBe(photo);
        variant.StatusCode.ShouldBe(HttpStatusCode.Found);
        variant.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        variant.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("photo-thumb.webp");
        var report = TestImages.Inspect(await servers.Storage.GetByteArrayAsync(variant.Headers.Location));
        (report.Format, report.Width, report.Height).ShouldBe(("webp", 64, 64));
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/v1/files/{fileId}/content?variant=thumb");
        revalidate.Headers.IfNoneMatch.Add(variant.Headers.ETag!);
        (await files.Http.SendAsync(revalidate)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task TwoConcurrentFirstRequestsForALazyVariantStartOneJob()
    {
        using var files = await NewProjectAsync();
        var fileId = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        // Without presets there is nothing to make: the file is ready at once, and its variants come later.
        (await files.GetAsync(fileId))["status"]!.GetValue<string>().ShouldBe("ready");
        await files.PutPresetAsync("late", SmallPreset);
        FileClient.Variant(await files.GetAsync(fileId), "late")["status"]!.GetValue<string>().ShouldBe("missing");

        using var start = new Barrier(4);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return await files.Http.GetAsync($"/v1/files/{fileId}/content?variant=late");
        })));

        answers.ShouldAllBe(answer => answer.StatusCode == HttpStatusCode.Accepted || answer.StatusCode == HttpStatusCode.Found);
        var pending = answers.Where(answer => answer.StatusCode == HttpStatusCode.Accepted).ToList();
        pending.ShouldNotBeEmpty();
        pending.ShouldAllBe(answer => answer.Headers.RetryAfter != null);
        var jobIds = await Task.WhenAll(pending.Select(async answer =>
            JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>()));
        jobIds.Distinct().ShouldHaveSingleItem();
        (await files.CountFileJobsAsync()).ShouldBe(1);
        var ready = await files.WaitRedirectAsync(fileId, "late");
        ready.Headers.Location!.AbsolutePath.ShouldEndWith($"/{files.Project.ProjectId}/late/{fileId}.png");
        (await files.CountFileJobsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task APendingVariantWithFallbackRedirectsToTheOriginal()
    {
        using var files = await NewProjectAsync();
        var fileId = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        await files.PutPresetAsync("late", SmallPreset);

        var response = await files.Http.GetAsync($"/v1/files/{fileId}/content?variant=late&fallback=original");

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.Headers.Location!.AbsolutePath.ShouldEndWith($"/{files.Project.ProjectId}/files/{fileId}.jpg");
        FileClient.Variant(await files.GetAsync(fileId), "late")["status"]!.GetValue<string>().ShouldBeOneOf("pending", "ready");
    }

    [Fact]
    public async Task ChangingAPresetMakesItsRenditionsStaleAndTheyAreMadeAgainOnRequest()
    {
        using var files = await NewProjectAsync();
        await files.PutPresetAsync("thumb", ThumbPreset);
        var fileId = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        var firstJob = FileClient.Variant(await files.WaitSettledAsync(fileId), "thumb")["job_id"]!.GetValue<string>();

        await files.PutPresetAsync("thumb", ThumbPreset.Replace("64", "32"));

        FileClient.Variant(await files.GetAsync(fileId), "thumb")["status"]!.GetValue<string>().ShouldBe("stale");
        var remake = await files.Http.GetAsync($"/v1/files/{fileId}/content?variant=thumb");
        remake.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonNode.Parse(await remake.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>().ShouldNotBe(firstJob);
        var ready = await files.WaitRedirectAsync(fileId, "thumb");
        var report = TestImages.Inspect(await servers.Storage.GetByteArrayAsync(ready.Headers.Location));
        (report.Width, report.Height).ShouldBe((32, 32));
        FileClient.Variant(await files.GetAsync(fileId), "thumb")["status"]!.GetValue<string>().ShouldBe("ready");
    }

    [Fact]
    public async Task APresignedUploadIsCheckedAndMadeReadyOnCompletion()
    {
        using var files = await NewProjectAsync();
        await files.PutPresetAsync("thumb", ThumbPreset);
        var created = await files.Http.PostJsonAsync($"/v1/projects/{files.Project.ProjectId}/files/uploads",
            """{"filename":"scan.jpg","content_type":"image/jpeg"}""");
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        var fileId = body["file"]!["id"]!.GetValue<string>();
        body["file"]!["status"]!.GetValue<string>().ShouldBe("uploading");

        var early = await files.Http.PostAsync($"/v1/files/{fileId}/complete", null);
        await servers.Storage.UploadAsync(body, TestImages.Photo);
        var completed = await files.Http.PostAsync($"/v1/files/{fileId}/complete", null);

        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/source-not-uploaded");
        completed.StatusCode.ShouldBe(HttpStatusCode.Accepted, await completed.Content.ReadAsStringAsync());
        var file = await files.WaitSettledAsync(fileId);
        (file["status"]!.GetValue<string>(), file["bytes"]!.GetValue<long>()).ShouldBe(("ready", TestImages.Photo.LongLength));
        FileClient.Variant(file, "thumb")["status"]!.GetValue<string>().ShouldBe("ready");
    }

    [Fact]
    public async Task APresignedUploadWhoseBytesAreNotTheDeclaredTypeIsA415Problem()
    {
        using var files = await NewProjectAsync();
        var created = await files.Http.PostJsonAsync($"/v1/projects/{files.Project.ProjectId}/files/uploads",
            """{"filename":"x.png","content_type":"image/png"}""");
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        await servers.Storage.UploadAsync(body, TestImages.Photo);

        var completed = await files.Http.PostAsync($"/v1/files/{body["file"]!["id"]}/complete", null);

        completed.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await completed.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/unsupported-media-type");
    }

    [Fact]
    public async Task FilesAreListedNewestFirstByCursorAndFilteredByStatusAndName()
    {
        using var files = await NewProjectAsync();
        var uploaded = new List<string>();
        foreach (var name in new[] { "cat.jpg", "dog.jpg", "Catalogue.jpg" })
        {
            uploaded.Add((await files.UploadAsync(TestImages.Photo, name))["id"]!.GetValue<string>());
        }

        var first = JsonNode.Parse(await files.Http.GetStringAsync($"/v1/projects/{files.Project.ProjectId}/files?limit=2"))!;
        var second = JsonNode.Parse(await files.Http.GetStringAsync(
            $"/v1/projects/{files.Project.ProjectId}/files?limit=2&cursor={first["next_cursor"]}"))!;
        var cats = JsonNode.Parse(await files.Http.GetStringAsync($"/v1/projects/{files.Project.ProjectId}/files?name=CAT&status=ready"))!;
        var uploading = JsonNode.Parse(await files.Http.GetStringAsync($"/v1/projects/{files.Project.ProjectId}/files?status=uploading"))!;

        first["data"]!.AsArray().Concat(second["data"]!.AsArray()).Select(file => file!["id"]!.GetValue<string>())
            .ShouldBe(Enumerable.Reverse(uploaded));
        second["next_cursor"].ShouldBeNull();
        cats["data"]!.AsArray().Select(file => file!["original_filename"]!.GetValue<string>()).ShouldBe(["Catalogue.jpg", "cat.jpg"]);
        uploading["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task ASoftDeletedFileIsHiddenAndAPermanentDeleteRemovesItsObjects()
    {
        using var files = await NewProjectAsync();
        await files.PutPresetAsync("thumb", ThumbPreset);
        var fileId = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        var thumbUrl = FileClient.Variant(await files.WaitSettledAsync(fileId), "thumb")["url"]!.GetValue<string>();
        var originalUrl = (await files.Http.GetAsync($"/v1/files/{fileId}/content")).Headers.Location;
        // The preset's new format leaves the webp rendition beside the png one: both are the file's objects.
        await files.PutPresetAsync("thumb", ThumbPreset.Replace("webp", "png"));
        var pngUrl = (await files.WaitRedirectAsync(fileId, "thumb")).Headers.Location;
        pngUrl!.AbsolutePath.ShouldEndWith(".png");

        (await files.Http.DeleteAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await files.Http.GetAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await files.Http.GetAsync($"/v1/files/{fileId}/content")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await servers.Storage.GetAsync(originalUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await files.Http.DeleteAsync($"/v1/files/{fileId}?permanent=true")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await servers.Storage.GetAsync(originalUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await servers.Storage.GetAsync(thumbUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await servers.Storage.GetAsync(pngUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await files.Http.DeleteAsync($"/v1/files/{fileId}?permanent=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASoftDeletedFileIsRestoredWithinTheRetentionPeriodAndNotAfterIt()
    {
        using var files = await NewProjectAsync();
        await files.PutPresetAsync("thumb", ThumbPreset);
        var fileId = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();
        await files.WaitSettledAsync(fileId);
        (await files.Http.DeleteAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var restore = await files.Http.PostAsync($"/v1/files/{fileId}/restore", null);

        restore.StatusCode.ShouldBe(HttpStatusCode.OK, await restore.Content.ReadAsStringAsync());
        var restored = JsonNode.Parse(await restore.Content.ReadAsStringAsync())!;
        restored["status"]!.GetValue<string>().ShouldBe("ready");
        FileClient.Variant(restored.AsObject(), "thumb")["status"]!.GetValue<string>().ShouldBe("ready");
        (await files.GetAsync(fileId))["id"]!.GetValue<string>().ShouldBe(fileId);
        (await files.Http.GetAsync($"/v1/files/{fileId}/content")).StatusCode.ShouldBe(HttpStatusCode.Found);
        // Restoring a file that is not deleted answers it as it is.
        (await files.Http.PostAsync($"/v1/files/{fileId}/restore", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Deleted before the retention period (7 days by default): the purge may be removing it, so it stays deleted.
        (await files.Http.DeleteAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await files.BackdateDeletionAsync(Guid.Parse(fileId), TimeSpan.FromDays(8));
        var late = await files.Http.PostAsync($"/v1/files/{fileId}/restore", null);
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict, await late.Content.ReadAsStringAsync());
        (await files.Http.GetAsync($"/v1/files/{fileId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnotherProjectsFileIsNotFound()
    {
        using var owner = await NewProjectAsync();
        using var stranger = await NewProjectAsync();
        var fileId = (await owner.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();

        var read = await stranger.Http.GetAsync($"/v1/files/{fileId}");
        var content = await stranger.Http.GetAsync($"/v1/files/{fileId}/content");
        var list = await stranger.Http.GetAsync($"/v1/projects/{owner.Project.ProjectId}/files");
        var delete = await stranger.Http.DeleteAsync($"/v1/files/{fileId}?permanent=true");

        new[] { read, content, list, delete }.ShouldAllBe(response => response.StatusCode == HttpStatusCode.NotFound);
        (await read.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/not-found");
    }

    [Theory]
    [InlineData("/v1/files/{file}/content?variant=nope", HttpStatusCode.NotFound, "/problems/not-found")]
    [InlineData("/v1/files/{file}/content?fallback=thumb", HttpStatusCode.BadRequest, "/problems/validation")]
    [InlineData("/v1/files/{file}/content?download=yes", HttpStatusCode.BadRequest, "/problems/validation")]
    [InlineData("/v1/projects/{project}/files?status=done", HttpStatusCode.BadRequest, "/problems/validation")]
    [InlineData("/v1/projects/{project}/files?cursor=zzz", HttpStatusCode.BadRequest, "/problems/validation")]
    public async Task BadQueriesAreProblems(string path, HttpStatusCode status, string type)
    {
        using var files = await NewProjectAsync();
        var fileId = (await files.UploadAsync(TestImages.Photo))["id"]!.GetValue<string>();

        var response = await files.Http.GetAsync(path.Replace("{file}", fileId).Replace("{project}", files.Project.ProjectId.ToString()));

        response.StatusCode.ShouldBe(status);
        (await response.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe(type);
    }

    [Fact]
    public async Task UploadingSomethingThatIsNotAnImageIsA415AndABadPresignedRequestA400()
    {
        using var files = await NewProjectAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent("<svg/>"u8.ToArray()), "file", "x.png" } };

        var upload = await files.Http.PostAsync($"/v1/projects/{files.Project.ProjectId}/files", form);
        var presigned = await files.Http.PostJsonAsync($"/v1/projects/{files.Project.ProjectId}/files/uploads",
            """{"filename":"","content_type":"image/svg+xml"}""");

        upload.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await upload.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/unsupported-media-type");
        presigned.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await presigned.ReadProblemAsync())["errors"]!.AsObject().Select(error => error.Key).ShouldBe(["filename", "content_type"], ignoreOrder: true);
    }
}
