using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Files;
using PixelFlow.Api.Jobs;
using PixelFlow.Api.Telemetry;
using Shouldly;

namespace PixelFlow.Tests.Cleanup;

/// <summary>The cleanup scheduler's pieces that need no server: settings, the storage layout it reads back, Quartz's schema, metrics.</summary>
public sealed class CleanupRulesTests
{
    private sealed class NamedTask(string name, string schedule) : ICleanupTask
    {
        public string Name => name;
        public string DefaultSchedule => schedule;
        public Task RunAsync(CleanupTally run, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The project purge deletes by these prefixes: every object layout of a project must fall under one of them, and none of another project's.</summary>
    [Fact]
    public void EveryObjectOfAProjectIsUnderOneOfItsStoragePrefixesAndNoOtherProjectsIs()
    {
        var project = Guid.NewGuid();
        var other = Guid.NewGuid();
        var file = Guid.NewGuid();
        var job = Guid.NewGuid();
        string[] prefixes = [FileKeys.ProjectPrefix(project), StorageKeys.ProjectPrefix(project)];
        string[] keys =
        [
            FileKeys.Original(project, file, "jpg"), $"{FileKeys.VariantStem(project, "thumb", file)}.webp",
            StorageKeys.Source(project, job), $"{StorageKeys.OutputPrefix(project, job)}thumb.webp", StorageKeys.Asset(project, "brand/logo.png"),
        ];
        string[] othersKeys = [FileKeys.Original(other, file, "jpg"), StorageKeys.Source(other, job), StorageKeys.Asset(other, "logo.png")];

        keys.ShouldAllBe(key => prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)));
        othersKeys.ShouldAllBe(key => !prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("pixelflow-cleanup", true)]
    [InlineData("staging.eu-1", true)]
    [InlineData("", false)]
    [InlineData("two words", false)]
    public void AClusterNameIsAPlainNonEmptyName(string name, bool valid)
    {
        var options = new CleanupOptions { ClusterName = name };
        var errors = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true).ShouldBe(valid);
    }

    [Fact]
    public void AConfiguredScheduleReplacesTheTasksDefaultAndAnEmptyOneStopsIt()
    {
        var options = new CleanupOptions { Schedules = { ["orphan-sweep"] = "0 0 1 * * ?", ["unsourced-job-expiry"] = "" } };

        options.ScheduleOf(new NamedTask("orphan-sweep", "0 30 3 * * ?")).ShouldBe("0 0 1 * * ?");
        options.ScheduleOf(new NamedTask("unsourced-job-expiry", "0 15 * * * ?")).ShouldBeNull();
        options.ScheduleOf(new NamedTask("project-purge", "0 0 4 * * ?")).ShouldBe("0 0 4 * * ?");
    }

    [Fact]
    public void AScheduleThatIsNotACronExpressionFailsValidationNamingTheTask()
    {
        var options = new CleanupOptions { Schedules = { ["orphan-sweep"] = "every night" } };

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true).ShouldBeFalse();

        errors.ShouldHaveSingleItem().ErrorMessage!.ShouldContain("Cleanup:Schedules:orphan-sweep");
    }

    [Fact]
    public void EveryJobObjectKeyIsReadBackToItsJobAndOtherLayoutsAreNot()
    {
        var (project, job) = (Guid.NewGuid(), Guid.NewGuid());

        foreach (var key in new[] { StorageKeys.Source(project, job), $"{StorageKeys.OutputPrefix(project, job)}thumb.webp" })
        {
            StorageKeys.TryParseJobObject(key, out var parsedProject, out var parsedJob).ShouldBeTrue(key);
            (parsedProject, parsedJob).ShouldBe((project, job));
        }

        StorageKeys.TryParseJobObject(StorageKeys.Asset(project, "logo.png"), out _, out _).ShouldBeFalse();
        StorageKeys.TryParseJobObject($"projects/{project:N}/jobs/not-a-guid/source", out _, out _).ShouldBeFalse();
        StorageKeys.TryParseJobObject("leftovers/unknown.bin", out _, out _).ShouldBeFalse();
        StorageKeys.TryParseAsset(StorageKeys.Asset(project, "brand/logo.png"), out var assetProject).ShouldBeTrue();
        assetProject.ShouldBe(project);
        StorageKeys.TryParseAsset(StorageKeys.Source(project, job), out _).ShouldBeFalse();
    }

    [Fact]
    public void QuartzsOwnSchemaScriptCreatesEveryTableUnderOurPrefixOnlyWhereMissing()
    {
        var statements = QuartzSchema.Statements(QuartzSchema.CreateScript()).ToList();

        statements.ShouldNotBeEmpty();
        statements.ShouldAllBe(statement => !statement.Contains("{0}") && !statement.Contains("{1}"));
        statements.ShouldAllBe(statement => statement.Contains("IF NOT EXISTS", StringComparison.OrdinalIgnoreCase));
        foreach (var table in new[] { "job_details", "triggers", "cron_triggers", "simple_triggers", "fired_triggers", "scheduler_state", "locks" })
        {
            statements.ShouldContain(statement => statement.Contains($"CREATE TABLE IF NOT EXISTS {QuartzSchema.TablePrefix}{table} ", StringComparison.OrdinalIgnoreCase),
                $"no {table}");
        }
    }

    [Fact]
    public void ADryRunIsCountedAsARunButRemovesNothingFromTheRemovalCounters()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var runs = new MetricCollector<long>(meters, ApiMetrics.MeterName, "pixelflow.cleanup.runs");
        using var bytes = new MetricCollector<long>(meters, ApiMetrics.MeterName, "pixelflow.cleanup.bytes_freed");
        var metrics = new CleanupMetrics(new ApiMetrics(meters));
        CleanupRun Finished(bool dryRun) => new()
        {
            Task = "orphan-sweep", Trigger = CleanupTriggers.Operator, DryRun = dryRun, Objects = 2, BytesFreed = 300,
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        };

        metrics.Finished(Finished(dryRun: true));
        metrics.Finished(Finished(dryRun: false));

        runs.GetMeasurementSnapshot().Select(m => (m.Tags["cleanup.dry_run"], m.Tags["cleanup.outcome"])).ShouldBe([(true, "succeeded"), (false, "succeeded")]);
        bytes.GetMeasurementSnapshot().ShouldHaveSingleItem().Value.ShouldBe(300);
    }
}
