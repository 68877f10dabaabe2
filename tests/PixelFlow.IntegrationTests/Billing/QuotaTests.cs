using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using PixelFlow.Tests.Jobs;
using Shouldly;

namespace PixelFlow.Tests.Billing;

public sealed class QuotaTests(ServersFixture servers)
{
    [Fact]
    public async Task AJobBeyondTheOwnersPlanFileQuotaAnswers402NamingTheQuotaItsLimitAndUse()
    {
        var (project, _) = await Owners.CreateOwnedProjectAsync(servers, BillingTestSettings.TwoFilesPlan);
        await project.Client.CreateJobAsync(); // its source and one output: both files of the plan

        var refused = await project.Client.PostJsonAsync("/v1/jobs", $$"""{"source_type":"s3_presigned","pipeline":{{JobClient.ThumbSmallPipeline}}}""");

        refused.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired, await refused.Content.ReadAsStringAsync());
        var problem = await refused.ReadProblemAsync();
        problem["type"]!.GetValue<string>().ShouldBe("/problems/quota-exceeded");
        problem["quota"]!.GetValue<string>().ShouldBe("files");
        problem["limit"]!.GetValue<long>().ShouldBe(2);
        problem["used"]!.GetValue<long>().ShouldBe(2);
        problem["plan"]!.GetValue<string>().ShouldBe(BillingTestSettings.TwoFilesPlan);
    }

    [Fact]
    public async Task AMultipartUploadLargerThanTheStoredBytesQuotaAnswers402AndCreatesNoJob()
    {
        var (project, _) = await Owners.CreateOwnedProjectAsync(servers, BillingTestSettings.KilobytePlan);

        var refused = await project.Client.PostAsync("/v1/jobs", MultipartUploadTests.Form(TestImages.Photo, ("width", "100")));

        refused.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired, await refused.Content.ReadAsStringAsync());
        var problem = await refused.ReadProblemAsync();
        problem["quota"]!.GetValue<string>().ShouldBe("stored_bytes");
        problem["limit"]!.GetValue<long>().ShouldBe(1000);
        problem["requested"]!.GetValue<long>().ShouldBe(TestImages.Photo.Length);
        var jobs = await project.Client.GetFromJsonAsync<JsonObject>("/v1/jobs");
        jobs!["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task ProjectUsageShowsTheOwnersPlanAndWhatAFinishedJobUsedToKeysAndOwner()
    {
        var (project, owner) = await Owners.CreateOwnedProjectAsync(servers, "pro");
        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo);
        var outputBytes = job["outputs"]![0]!["bytes"]!.GetValue<long>();

        var usage = await project.Client.GetFromJsonAsync<JsonObject>($"/v1/projects/{project.ProjectId}/usage");

        usage!["plan"]!.GetValue<string>().ShouldBe("pro");
        var quotas = usage["quotas"]!.AsObject();
        quotas["files"]!["used"]!.GetValue<long>().ShouldBe(2);
        quotas["stored_bytes"]!["used"]!.GetValue<long>().ShouldBe(TestImages.Photo.Length + outputBytes);
        quotas["processed_pixels_per_month"]!["used"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(1200L * 800);
        quotas["files"]!["limit"]!.GetValue<long>().ShouldBe(BillingTestSettings.ProFiles);
        var asOwner = await owner.Client.GetFromJsonAsync<JsonObject>($"/v1/projects/{project.ProjectId}/usage");
        asOwner!["quotas"]!.ToJsonString().ShouldBe(quotas.ToJsonString());
        var account = await owner.Client.GetFromJsonAsync<JsonObject>("/v1/billing/account");
        (account!["plan"]!.GetValue<string>(), account["status"]!.GetValue<string>()).ShouldBe(("pro", "assigned"));
    }

    [Fact]
    public async Task AnotherProjectsUsageIsNotFound()
    {
        var mine = await servers.CreateProjectAsync();
        var theirs = await servers.CreateProjectAsync();

        var response = await mine.Client.GetAsync($"/v1/projects/{theirs.ProjectId}/usage");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AProjectWithoutAnOwnerDrawsOnNoPlanSoItsKeysKeepWorkingAsBeforeAccounts()
    {
        var project = await servers.CreateProjectAsync();

        var usage = await project.Client.GetFromJsonAsync<JsonObject>($"/v1/projects/{project.ProjectId}/usage");

        usage!["plan"]!.GetValue<string>().ShouldBe(PixelFlow.Api.Billing.ProjectQuotas.UnownedPlan);
        usage["quotas"]!["files"]!["limit"].ShouldBeNull();
        usage["quotas"]!["stored_bytes"]!["limit"].ShouldBeNull();
    }
}
