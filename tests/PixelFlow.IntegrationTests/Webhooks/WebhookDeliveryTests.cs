using System.Net;
using System.Text.Json.Nodes;
using PixelFlow.Api.Telemetry;
using PixelFlow.Api.Webhooks;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Webhooks;

[Collection(WholeHostCollection.Name)]
public sealed class WebhookDeliveryTests(ServersFixture servers, WebhookFixture webhooks) : IClassFixture<WebhookFixture>
{
    private WebhookReceiver Receiver => webhooks.Receiver;

    [Fact]
    public async Task ASucceededJobDeliversJobSucceededSignedWithTheProjectSecret()
    {
        var project = await servers.CreateProjectAsync();
        var (path, url) = Receiver.NewEndpoint();

        var job = await RunJobAsync(project, url, TestImages.Photo);

        var webhook = (await Receiver.WaitForAsync(path)).ShouldHaveSingleItem();
        var secret = (await GetProjectAsync(project.Client))["webhook_secret"]!.GetValue<string>();
        StandardWebhooksVerifier.Verifies(secret, webhook.Id, webhook.Headers["webhook-timestamp"], webhook.Body, webhook.Headers["webhook-signature"])
            .ShouldBeTrue();
        webhook.Headers["content-type"].ShouldStartWith("application/json");
        webhook.Headers["user-agent"].ShouldBe("PixelFlow-Webhooks/1");
        long.Parse(webhook.Headers["webhook-timestamp"]).ShouldBeInRange(
            DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var body = JsonNode.Parse(webhook.Body)!.AsObject();
        body["type"]!.GetValue<string>().ShouldBe("job.succeeded");
        DateTimeOffset.Parse(body["timestamp"]!.GetValue<string>()).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        body["data"]!["job_id"]!.GetValue<string>().ShouldBe(job["job_id"]!.GetValue<string>());
        body["data"]!["status"]!.GetValue<string>().ShouldBe("succeeded");
        body["data"]!["outputs"]![0]!["width"]!.GetValue<int>().ShouldBe(150);
        body["data"]!["webhook_url"]!.GetValue<string>().ShouldBe(url);

        var delivery = (await WaitForDeliveriesAsync(project.Client, job, "delivered")).ShouldHaveSingleItem()!;
        delivery["delivery_id"]!.GetValue<string>().ShouldBe(webhook.Id);
        var completedAt = job["completed_at"]!.GetValue<DateTimeOffset>();
        var queuedAt = delivery["created_at"]!.GetValue<DateTimeOffset>();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"first delivery: {(webhook.ReceivedAt - completedAt).TotalMilliseconds:0} ms after the worker completed the job, " +
            $"{(webhook.ReceivedAt - queuedAt).TotalMilliseconds:0} ms after the API recorded it");
    }

    [Fact]
    public async Task AFailedJobDeliversJobFailed()
    {
        var project = await servers.CreateProjectAsync();
        var (path, url) = Receiver.NewEndpoint();

        var job = await RunJobAsync(project, url, "this is not an image"u8.ToArray());

        job["status"]!.GetValue<string>().ShouldBe("failed");
        var body = JsonNode.Parse((await Receiver.WaitForAsync(path)).ShouldHaveSingleItem().Body)!.AsObject();
        body["type"]!.GetValue<string>().ShouldBe("job.failed");
        body["data"]!["status"]!.GetValue<string>().ShouldBe("failed");
        body["data"]!["error"]!["code"]!.GetValue<string>().ShouldBe("unsupported_format");
    }

    [Fact]
    public async Task AReceiverAnswering500TwiceIsRetriedWithTheSameIdUntilItAccepts()
    {
        var project = await servers.CreateProjectAsync();
        var (path, url) = Receiver.NewEndpoint(500, 500);
        using var attemptsCounted = webhooks.OpenApi.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.webhook.attempts");
        using var failuresCounted = webhooks.OpenApi.Services.Collect<long>(ApiMetrics.MeterName, "pixelflow.webhook.failures");

        var job = await RunJobAsync(project, url, TestImages.Photo);

        var received = await Receiver.WaitForAsync(path, 3);
        received.Select(webhook => webhook.AnsweredWith).ShouldBe([500, 500, 200]);
        received.Select(webhook => webhook.Id).Distinct().ShouldHaveSingleItem();
        received.Select(webhook => webhook.Body).Distinct().ShouldHaveSingleItem();
        var delivery = (await WaitForDeliveriesAsync(project.Client, job, "delivered")).ShouldHaveSingleItem()!;
        delivery["attempt_count"]!.GetValue<int>().ShouldBe(3);
        var attempts = delivery["attempts"]!.AsArray();
        attempts.Select(attempt => attempt!["number"]!.GetValue<int>()).ShouldBe([1, 2, 3]);
        attempts.Select(attempt => attempt!["status_code"]!.GetValue<int>()).ShouldBe([500, 500, 200]);
        attempts[0]!["error"]!.GetValue<string>().ShouldContain("500");
        attempts[2]!["error"].ShouldBeNull();
        delivery["delivered_at"].ShouldNotBeNull();
        delivery["next_attempt_at"].ShouldBeNull();
        attemptsCounted.Sum("outcome", "retrying").ShouldBe(2);
        attemptsCounted.Sum("outcome", "delivered").ShouldBe(1);
        failuresCounted.Sum("reason", "http_status").ShouldBe(2);
    }

    [Fact]
    public async Task AReceiverThatNeverAcceptsIsGivenUpWhenTheScheduleRunsOut()
    {
        var project = await servers.CreateProjectAsync();
        var attempts = WebhookFixture.RetrySeconds.Length + 1;
        var (path, url) = Receiver.NewEndpoint([.. Enumerable.Repeat(503, attempts + 5)]);

        var job = await RunJobAsync(project, url, TestImages.Photo);

        var delivery = (await WaitForDeliveriesAsync(project.Client, job, "failed")).ShouldHaveSingleItem()!;
        delivery["attempt_count"]!.GetValue<int>().ShouldBe(attempts);
        delivery["last_status_code"]!.GetValue<int>().ShouldBe(503);
        Receiver.ReceivedAt(path).Count.ShouldBe(attempts);
    }

    [Fact]
    public async Task ARedirectIsAFailedAttemptAndIsNotFollowed()
    {
        var project = await servers.CreateProjectAsync();
        var (path, url) = Receiver.NewEndpoint(302);

        var job = await RunJobAsync(project, url, TestImages.Photo);

        var delivery = (await WaitForDeliveriesAsync(project.Client, job, "delivered")).ShouldHaveSingleItem()!;
        delivery["attempts"]![0]!["status_code"]!.GetValue<int>().ShouldBe(302);
        Receiver.ReceivedAt(path + "/redirected").ShouldBeEmpty();
    }

    [Fact]
    public async Task DuringARotationEachDeliveryCarriesASignatureForBothSecrets()
    {
        var project = await servers.CreateProjectAsync();
        var before = (await GetProjectAsync(project.Client))["webhook_secret"]!.GetValue<string>();

        var rotate = await project.Client.PostAsync("/v1/projects/current/webhook-secret/rotate", null);

        rotate.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rotated = JsonNode.Parse(await rotate.Content.ReadAsStringAsync())!.AsObject();
        var after = rotated["webhook_secret"]!.GetValue<string>();
        after.ShouldNotBe(before);
        after.ShouldStartWith("whsec_");
        rotated["previous_webhook_secret_expires_at"]!.GetValue<DateTimeOffset>()
            .ShouldBe(DateTimeOffset.UtcNow.AddHours(24), TimeSpan.FromMinutes(1));
        var (path, url) = Receiver.NewEndpoint();
        await RunJobAsync(project, url, TestImages.Photo);
        var webhook = (await Receiver.WaitForAsync(path)).ShouldHaveSingleItem();
        var signatures = webhook.Headers["webhook-signature"].Split(' ');
        signatures.Length.ShouldBe(2);
        StandardWebhooksVerifier.Verifies(after, webhook.Id, webhook.Headers["webhook-timestamp"], webhook.Body, signatures[0]).ShouldBeTrue();
        StandardWebhooksVerifier.Verifies(before, webhook.Id, webhook.Headers["webhook-timestamp"], webhook.Body, signatures[1]).ShouldBeTrue();
    }

    [Fact]
    public async Task ALoopbackUrlIsRefusedWhenPrivateNetworksAreNotAllowed()
    {
        var project = await servers.CreateProjectAsync();
        var (path, url) = Receiver.NewEndpoint();
        JsonNode delivery;
        await using (await webhooks.DispatchFromSharedApiAsync())
        {
            var job = await RunJobAsync(project, url, TestImages.Photo);
            delivery = (await WaitForDeliveriesAsync(project.Client, job, "failed")).ShouldHaveSingleItem()!;
        }

        var attempt = delivery["attempts"]!.AsArray().ShouldHaveSingleItem()!;
        attempt["status_code"].ShouldBeNull();
        attempt["error"]!.GetValue<string>().ShouldBe("destination 127.0.0.1 is in a blocked range (loopback)");
        Receiver.ReceivedAt(path).ShouldBeEmpty();
    }

    [Fact]
    public async Task AReplayResendsTheSameWebhookIdWithAFreshSchedule()
    {
        var project = await servers.CreateProjectAsync();
        var (path, url) = Receiver.NewEndpoint();
        var job = await RunJobAsync(project, url, TestImages.Photo);
        var first = (await Receiver.WaitForAsync(path)).ShouldHaveSingleItem();
        await WaitForDeliveriesAsync(project.Client, job, "delivered");

        var replay = await project.Client.PostAsync($"/v1/webhook-deliveries/{first.Id}/replay", null);

        replay.StatusCode.ShouldBe(HttpStatusCode.Accepted, await replay.Content.ReadAsStringAsync());
        var requeued = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!.AsObject();
        requeued["status"]!.GetValue<string>().ShouldBe("pending");
        requeued["delivered_at"].ShouldBeNull();
        var received = await Receiver.WaitForAsync(path, 2);
        received[1].Id.ShouldBe(first.Id);
        received[1].Body.ShouldBe(first.Body);
        var delivery = (await WaitForDeliveriesAsync(project.Client, job, "delivered")).ShouldHaveSingleItem()!;
        delivery["attempts"]!.AsArray().Select(attempt => attempt!["number"]!.GetValue<int>()).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task TheDeliveryLogShowsWhatWasSentAndIsListedByStatus()
    {
        var project = await servers.CreateProjectAsync();
        var (_, url) = Receiver.NewEndpoint(410, 410, 410, 410);
        var job = await RunJobAsync(project, url, TestImages.Photo);

        var delivery = (await WaitForDeliveriesAsync(project.Client, job, "failed")).ShouldHaveSingleItem()!;

        delivery["job_id"]!.GetValue<string>().ShouldBe(job["job_id"]!.GetValue<string>());
        delivery["event_type"]!.GetValue<string>().ShouldBe("job.succeeded");
        delivery["url"]!.GetValue<string>().ShouldBe(url);
        delivery["payload"]!["data"]!["job_id"]!.GetValue<string>().ShouldBe(job["job_id"]!.GetValue<string>());
        delivery["last_error"]!.GetValue<string>().ShouldContain("410");
        foreach (var attempt in delivery["attempts"]!.AsArray())
        {
            attempt!["attempted_at"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(job["completed_at"]!.GetValue<DateTimeOffset>().AddSeconds(-1));
            attempt["duration_ms"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        }

        var failed = JsonNode.Parse(await project.Client.GetStringAsync("/v1/webhook-deliveries?status=failed"))!["data"]!.AsArray();
        failed.ShouldHaveSingleItem()!["delivery_id"]!.GetValue<string>().ShouldBe(delivery["delivery_id"]!.GetValue<string>());
        JsonNode.Parse(await project.Client.GetStringAsync("/v1/webhook-deliveries?status=delivered"))!["data"]!.AsArray().ShouldBeEmpty();
        var invalid = await project.Client.GetAsync("/v1/webhook-deliveries?status=lost");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await invalid.ReadProblemAsync())["errors"]!["status"].ShouldNotBeNull();
    }

    [Fact]
    public async Task DeliveriesOfAnotherProjectAreNotFound()
    {
        var owner = await servers.CreateProjectAsync("owner");
        var stranger = await servers.CreateProjectAsync("stranger");
        var (_, url) = Receiver.NewEndpoint();
        var job = await RunJobAsync(owner, url, TestImages.Photo);
        var delivery = (await WaitForDeliveriesAsync(owner.Client, job, "delivered")).ShouldHaveSingleItem()!;
        var jobId = job["job_id"]!.GetValue<string>();

        var log = await stranger.Client.GetAsync($"/v1/jobs/{jobId}/webhook-deliveries");
        var replay = await stranger.Client.PostAsync($"/v1/webhook-deliveries/{delivery["delivery_id"]}/replay", null);
        var listed = JsonNode.Parse(await stranger.Client.GetStringAsync("/v1/webhook-deliveries"))!["data"]!.AsArray();

        log.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await log.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/not-found");
        replay.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await replay.ReadProblemAsync())["type"]!.GetValue<string>().ShouldBe("/problems/not-found");
        listed.ShouldBeEmpty();
    }

    [Fact]
    public async Task TheCurrentProjectShowsItsSettingsAndASecretCreatedOnFirstRead()
    {
        var project = await servers.CreateProjectAsync("settings");

        var first = await GetProjectAsync(project.Client);
        var second = await GetProjectAsync(webhooks.OpenClient(project));

        first["project_id"]!.GetValue<Guid>().ShouldBe(project.ProjectId);
        first["name"]!.GetValue<string>().ShouldBe("settings");
        first["created_at"].ShouldNotBeNull();
        var secret = first["webhook_secret"]!.GetValue<string>();
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBeInRange(24, 32);
        second["webhook_secret"]!.GetValue<string>().ShouldBe(secret);
        first["previous_webhook_secret_expires_at"].ShouldBeNull();
        first["rate_limit"]!.AsObject().ContainsKey("capacity").ShouldBeTrue();
        first["rate_limit"]!.AsObject().ContainsKey("refill_per_second").ShouldBeTrue();
        first.ContainsKey("allowed_dimensions").ShouldBeTrue();
    }

    [Fact]
    public async Task TheWebhookAndProjectEndpointsAreInTheOpenApiDocument()
    {
        using var client = servers.Api.CreateClient();

        var paths = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();

        string[] expected =
        [
            "/v1/projects/current",
            "/v1/projects/current/webhook-secret/rotate",
            "/v1/jobs/{jobId}/webhook-deliveries",
            "/v1/webhook-deliveries",
            "/v1/webhook-deliveries/{deliveryId}/replay",
        ];
        expected.Except(paths.Select(path => path.Key)).ShouldBeEmpty();
    }

    private async Task<JsonObject> RunJobAsync(TestProject project, string webhookUrl, byte[] source)
    {
        var response = await project.Client.PostJsonAsync("/v1/jobs",
            $$"""{"source_type":"s3_presigned","webhook_url":"{{webhookUrl}}","pipeline":{{JobClient.ThumbSmallPipeline}}}""");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var created = JsonNode.Parse(body)!.AsObject();
        var jobId = created["job_id"]!.GetValue<string>();
        await servers.Storage.UploadAsync(created, source);
        var started = await project.Client.PostAsync($"/v1/jobs/{jobId}/start", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        return await project.Client.WaitFinishedAsync(jobId);
    }

    private static async Task<JsonObject> GetProjectAsync(HttpClient client)
    {
        var response = await client.GetAsync("/v1/projects/current");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Polls the job's delivery log until every delivery has <paramref name="status"/>.</summary>
    private static Task<JsonArray> WaitForDeliveriesAsync(HttpClient client, JsonObject job, string status) =>
        Poll.UntilAsync(async () =>
            {
                var response = await client.GetAsync($"/v1/jobs/{job["job_id"]}/webhook-deliveries");
                var body = await response.Content.ReadAsStringAsync();
                response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
                return JsonNode.Parse(body)!["data"]!.AsArray();
            },
            deliveries => deliveries.Count > 0 && deliveries.All(delivery => delivery!["status"]!.GetValue<string>() == status),
            TimeSpan.FromSeconds(30), deliveries => $"deliveries not {status}: {deliveries.ToJsonString()}", TimeSpan.FromMilliseconds(50));
}
