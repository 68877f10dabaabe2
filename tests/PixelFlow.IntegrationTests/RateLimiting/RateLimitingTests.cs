using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PixelFlow.Api.Auth;
using PixelFlow.Api.Problems;
using PixelFlow.Api.RateLimiting;
using PixelFlow.Api.Telemetry;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.RateLimiting;

[Collection(WholeHostCollection.Name)]
public sealed class RateLimitingTests(ServersFixture servers, ITestOutputHelper output)
{
    /// <summary>A cheap authenticated endpoint to spend tokens on.</summary>
    private const string LimitedPath = "/v1/projects/current/rate-limit";

    [Fact]
    public async Task TheSixthRapidRequestOfACapacityFiveBucketIsRejectedWithRetryAfter()
    {
        using var rejections = servers.Api.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.ratelimit.rejections");
        var project = await servers.CreateProjectAsync();
        await SetLimitAsync(project.Client, capacity: 5, refillPerSecond: 1);

        var clock = Stopwatch.StartNew();
        var responses = new List<HttpResponseMessage>();
        while (responses.Count < 20 && responses.LastOrDefault()?.StatusCode != HttpStatusCode.TooManyRequests)
        {
            responses.Add(await project.Client.GetAsync(LimitedPath));
        }

        // 5 tokens, plus any refilled (1/s) while the requests ran: normally the 6th is the first rejected.
        var allowed = responses.Count - 1;
        allowed.ShouldBeInRange(5, 5 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));
        responses.ShouldAllBe(response => Header(response, RateLimitingMiddleware.LimitHeader) == "5");
        var remaining = responses.Take(allowed).Select(response => Header(response, RateLimitingMiddleware.RemainingHeader)).ToList();
        remaining[0].ShouldBe("4");
        remaining[^1].ShouldBe("0");
        responses.Select(response => long.Parse(Header(response, RateLimitingMiddleware.ResetHeader)!)).ShouldAllBe(reset => reset >= 1 && reset <= 5);

        var rejected = responses[^1];
        rejected.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        rejected.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        Header(rejected, RateLimitingMiddleware.RemainingHeader).ShouldBe("0");
        var problem = await rejected.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.RateLimited);
        problem["status"]!.GetValue<int>().ShouldBe(429);
        rejections.Sum().ShouldBe(1);
    }

    [Fact]
    public async Task HealthAndDocsAreNotRateLimitedEvenWithAnApiKey()
    {
        var project = await servers.CreateProjectAsync();
        await SetLimitAsync(project.Client, capacity: 1, refillPerSecond: 0.001);

        foreach (var path in new[] { "/health", "/alive", "/healthz", "/openapi/v1.json", "/problems/rate-limited", "/health" })
        {
            var response = await project.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            response.Headers.Contains(RateLimitingMiddleware.LimitHeader).ShouldBeFalse(path);
        }

        (await project.Client.GetAsync(LimitedPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await project.Client.GetAsync(LimitedPath)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclares429AndTheRateLimitHeadersOnKeyedOperations()
    {
        using var client = servers.Api.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var usage = document["paths"]!["/v1/usage"]!["get"]!["responses"]!;
        usage["429"]!["headers"]!["Retry-After"].ShouldNotBeNull();
        usage["200"]!["headers"]![RateLimitingMiddleware.RemainingHeader].ShouldNotBeNull();
        document["paths"]!.AsObject().ShouldNotContainKey("/health");
    }

    [Fact]
    public async Task AProjectReadsAndSetsItsOwnLimits()
    {
        var project = await servers.CreateProjectAsync();

        var defaults = await ReadJsonAsync(await project.Client.GetAsync(LimitedPath));
        defaults["capacity"]!.GetValue<int>().ShouldBe(120);
        defaults["refill_per_second"]!.GetValue<double>().ShouldBe(20);
        defaults["is_default"]!.GetValue<bool>().ShouldBeTrue();

        var set = await SetLimitAsync(project.Client, capacity: 50, refillPerSecond: 2.5);
        set["is_default"]!.GetValue<bool>().ShouldBeFalse();
        var read = await ReadJsonAsync(await project.Client.GetAsync(LimitedPath));
        (read["capacity"]!.GetValue<int>(), read["refill_per_second"]!.GetValue<double>()).ShouldBe((50, 2.5));
    }

    [Theory]
    [InlineData("""{"capacity":0,"refill_per_second":1}""", "capacity")]
    [InlineData("""{"capacity":1000001,"refill_per_second":1}""", "capacity")]
    [InlineData("""{"refill_per_second":1}""", "capacity")]
    [InlineData("""{"capacity":5,"refill_per_second":0}""", "refill_per_second")]
    [InlineData("""{"capacity":5,"refill_per_second":100000}""", "refill_per_second")]
    [InlineData("""{"capacity":5}""", "refill_per_second")]
    public async Task InvalidLimitsAreValidationProblemsNamingTheField(string body, string field)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PutAsync(LimitedPath, Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.Validation);
        problem["errors"]!.AsObject().Select(error => error.Key).ShouldBe([field]);
    }

    [Theory]
    [InlineData("""{"capacity":"5","refill_per_second":1}""", "capacity")]
    [InlineData("""{"capacity":5.5,"refill_per_second":1}""", "capacity")]
    [InlineData("""{"capacity":5,"refill_per_second":1,"burst":9}""", "burst")]
    [InlineData("""not json""", "$")]
    public async Task MalformedLimitBodiesAreMalformedRequestProblems(string body, string path)
    {
        var project = await servers.CreateProjectAsync();

        var response = await project.Client.PutAsync(LimitedPath, Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe(ProblemTypes.MalformedRequest);
        problem["errors"]!.AsObject().ShouldContainKey(path);
    }

    /// <summary>
    /// Two API instances, one bucket: requests alternate between them for a few seconds (PIXELFLOW_RATELIMIT_SECONDS
    /// to measure longer) and the total allowed must be the capacity plus what refilled meanwhile.
    /// </summary>
    [Fact]
    public async Task TwoApiInstancesShareOneBucketPerApiKey()
    {
        const int capacity = 10;
        const double refillPerSecond = 5;
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("PIXELFLOW_RATELIMIT_SECONDS"), out var s) ? s : 3;
        var project = await servers.CreateProjectAsync();
        await using var second = new ServersFixture.ServiceFactory<Program>(servers.Activities, new Dictionary<string, string?>());
        using var secondClient = second.CreateClient();
        secondClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        // A new instance's first request is slow (compilation, connections): made before the run, or the shared bucket
        // would sit full during it and its refill be lost to the cap, which the bounds below do not allow for.
        (await secondClient.GetAsync(LimitedPath)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SetLimitAsync(project.Client, capacity, refillPerSecond);
        // The warm-up and settings requests took their tokens from the default (larger) bucket: the run starts from a
        // full one.
        HttpClient[] clients = [project.Client, secondClient];

        var allowed = new int[2];
        var rejected = new int[2];
        var clock = Stopwatch.StartNew();
        var lastRequestStarted = 0.0;
        double? firstReplied = null;
        // For the set time, and on until both instances have been refused once (on a loaded machine a few slow
        // requests may not empty the bucket in time); the expectation below follows the time actually taken.
        for (var i = 0; clock.Elapsed.TotalSeconds < seconds || (rejected.Any(count => count == 0) && clock.Elapsed < TimeSpan.FromMinutes(1)); i++)
        {
            lastRequestStarted = clock.Elapsed.TotalSeconds;
            var response = await clients[i % 2].GetAsync(LimitedPath);
            firstReplied ??= clock.Elapsed.TotalSeconds;
            (response.StatusCode == HttpStatusCode.OK ? allowed : rejected)[i % 2]++;
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var total = allowed.Sum();
        var expected = capacity + refillPerSecond * elapsed;
        output.WriteLine(
            $"{elapsed:0.00} s, {total + rejected.Sum()} requests alternating over 2 instances: allowed {total} " +
            $"(instance A {allowed[0]}, B {allowed[1]}), expected {expected:0.0} = {capacity} + {refillPerSecond}/s × elapsed, " +
            $"error {total - expected:+0.0;-0.0}");
        // Refill accrues continuously, requests are discrete: at most one token of rounding either way. The bucket
        // counted refill from its first take (read before the first reply came back: a slow first request must not
        // raise the floor) up to the last take (after the last request started: a slow last reply must not either).
        ((double)total).ShouldBeInRange(capacity + refillPerSecond * (lastRequestStarted - firstReplied!.Value) - 1.5, expected + 1);
        rejected.ShouldAllBe(count => count > 0);
        allowed.ShouldAllBe(count => count > 0);
    }

    [Fact]
    public async Task WithoutRedisRequestsPassUnlimitedAndWithoutRateLimitHeaders()
    {
        var project = await servers.CreateProjectAsync();
        await SetLimitAsync(project.Client, capacity: 1, refillPerSecond: 0.001);
        // Port 1: nothing listens, connections are refused at once.
        await using var isolated = new ServersFixture.ServiceFactory<Program>(servers.Activities,
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = "127.0.0.1:1,connectTimeout=500" });
        using var client = isolated.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);

        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync(LimitedPath);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.Contains(RateLimitingMiddleware.LimitHeader).ShouldBeFalse();
        }
    }

    private static async Task<JsonObject> SetLimitAsync(HttpClient client, int capacity, double refillPerSecond) =>
        await ReadJsonAsync(await client.PutAsync(LimitedPath,
            Json($$"""{"capacity":{{capacity}},"refill_per_second":{{refillPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""")));

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
