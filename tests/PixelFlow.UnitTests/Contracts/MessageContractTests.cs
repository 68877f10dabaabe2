using System.Text.Json;
using MassTransit.Serialization;
using PixelFlow.Contracts.V1;

namespace PixelFlow.UnitTests.Contracts;

/// <summary>The wire rules of positional messages, read with MassTransit's own serializer options.</summary>
public sealed class MessageContractTests
{
    private static readonly JsonSerializerOptions Wire = SystemTextJsonMessageSerializer.Options;

    [Fact]
    public void A_positional_event_reads_back_from_its_wire_json()
    {
        var started = new JobProcessingStarted(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        var json = JsonSerializer.Serialize(started, Wire);

        Assert.Equal(started, JsonSerializer.Deserialize<JobProcessingStarted>(json, Wire));
    }

    [Fact]
    public void An_event_without_a_required_member_is_refused_not_read_as_an_empty_id()
    {
        const string withoutJobId = """{"projectId":"5f0c1b8e-9d63-4c5a-9a43-7b9f8b1a2c3d","startedAt":"2026-11-30T00:00:00Z"}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JobProcessingStarted>(withoutJobId, Wire));
    }

    [Fact]
    public void An_optional_member_of_a_failure_may_be_absent()
    {
        var json = $$"""{"jobId":"{{Guid.NewGuid()}}","projectId":"{{Guid.NewGuid()}}","errorCode":"source_corrupt","errorMessage":"x","failedAt":"2026-11-30T00:00:00Z"}""";

        var failed = JsonSerializer.Deserialize<JobFailed>(json, Wire)!;

        Assert.Null(failed.Source);
        Assert.Null(failed.Usage);
    }
}
