using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PixelFlow.Api.Infrastructure;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Files;

/// <summary>A project's client for the file API that sees the content endpoint's redirects instead of following them.</summary>
public sealed class FileClient(ServersFixture servers, TestProject project) : IDisposable
{
    public HttpClient Http { get; } = CreateClient(servers, project);
    public TestProject Project => project;

    private static HttpClient CreateClient(ServersFixture servers, TestProject project)
    {
        var client = servers.Api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        return client;
    }

    public async Task PutPresetAsync(string name, string json)
    {
        var response = await Http.PutAsync($"/v1/projects/current/presets/{name}",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POST /v1/projects/{id}/files with the image as the form's file; asserts 202.</summary>
    public async Task<JsonObject> UploadAsync(byte[] image, string filename = "photo.jpg")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        form.Add(content, "file", filename);
        var response = await Http.PostAsync($"/v1/projects/{project.ProjectId}/files", form);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string fileId)
    {
        var response = await Http.GetAsync($"/v1/files/{fileId}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Polls until the file is ready or failed.</summary>
    public Task<JsonObject> WaitSettledAsync(string fileId) =>
        Poll.UntilAsync(() => GetAsync(fileId), file => file["status"]!.GetValue<string>() is "ready" or "failed",
            TimeSpan.FromSeconds(60), file => $"file {fileId} still {file["status"]}");

    /// <summary>Asks for the variant until it redirects (202 meanwhile), and returns the redirect.</summary>
    public Task<HttpResponseMessage> WaitRedirectAsync(string fileId, string variant) =>
        Poll.UntilAsync(() => Http.GetAsync($"/v1/files/{fileId}/content?variant={variant}"),
            response => response.StatusCode == HttpStatusCode.Found, TimeSpan.FromSeconds(60), response => $"still {(int)response.StatusCode}");

    /// <summary>The jobs the project's files made, counted in the database.</summary>
    public async Task<int> CountFileJobsAsync()
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        return await db.Jobs.CountAsync(job => job.ProjectId == project.ProjectId && job.SourceType == "file");
    }

    /// <summary>Moves a soft-deleted file's deletion <paramref name="age"/> into the past.</summary>
    public async Task BackdateDeletionAsync(Guid fileId, TimeSpan age)
    {
        await using var scope = servers.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PixelFlowDbContext>();
        var deletedAt = DateTimeOffset.UtcNow - age;
        (await db.Files.Where(file => file.Id == fileId)
            .ExecuteUpdateAsync(set => set.SetProperty(file => file.DeletedAt, deletedAt))).ShouldBe(1);
    }

    public static JsonObject Variant(JsonObject file, string name) =>
        file["variants"]!.AsArray().Single(variant => variant!["name"]!.GetValue<string>() == name)!.AsObject();

    public void Dispose() => Http.Dispose();
}
