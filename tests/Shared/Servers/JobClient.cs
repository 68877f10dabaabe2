using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace PixelFlow.Tests.Infrastructure;

/// <summary>The steps a client of the job API takes, as tests use them.</summary>
public static class JobClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public const string ThumbSmallPipeline =
        """[{"id":"thumb_small","action":"resize","width":150,"format":"webp","quality":80}]""";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>POST /v1/jobs with a presigned source; asserts 201 and returns the response body.</summary>
    public static async Task<JsonObject> CreateJobAsync(this HttpClient client, string pipelineJson = ThumbSmallPipeline)
    {
        var response = await client.PostJsonAsync("/v1/jobs", $$"""{"source_type":"s3_presigned","pipeline":{{pipelineJson}}}""");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>PUTs bytes to the job's presigned upload URL with the headers the API asked for.</summary>
    public static async Task UploadAsync(this HttpClient storage, JsonObject createdJob, byte[] content)
    {
        var upload = createdJob["upload"]!.AsObject();
        var request = new HttpRequestMessage(new HttpMethod(upload["method"]!.GetValue<string>()), upload["url"]!.GetValue<string>())
        {
            Content = new ByteArrayContent(content),
        };
        foreach (var (name, value) in upload["headers"]!.AsObject())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value!.GetValue<string>());
            }
            else
            {
                request.Headers.Add(name, value!.GetValue<string>());
            }
        }

        var response = await storage.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonObject> GetJobAsync(this HttpClient client, string jobId)
    {
        var response = await client.GetAsync($"/v1/jobs/{jobId}");
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Polls until the job is succeeded, failed or canceled.</summary>
    public static Task<JsonObject> WaitFinishedAsync(this HttpClient client, string jobId, int timeoutSeconds = 60) =>
        Poll.UntilAsync(() => client.GetJobAsync(jobId), job => job["status"]!.GetValue<string>() is "succeeded" or "failed" or "canceled",
            TimeSpan.FromSeconds(timeoutSeconds), job => $"job {jobId} still {job["status"]}");

    /// <summary>Create, upload, start and wait: the whole presigned flow.</summary>
    public static async Task<JsonObject> RunJobAsync(this TestProject project, HttpClient storage, byte[] source,
        string pipelineJson = ThumbSmallPipeline)
    {
        var created = await project.Client.CreateJobAsync(pipelineJson);
        var jobId = created["job_id"]!.GetValue<string>();
        await storage.UploadAsync(created, source);
        var started = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);
        started.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        return await project.Client.WaitFinishedAsync(jobId);
    }

    public static async Task<JsonObject> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
