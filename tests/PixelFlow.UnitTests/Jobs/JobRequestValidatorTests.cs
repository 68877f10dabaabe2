using PixelFlow.Api.Jobs;
using PixelFlow.Api.Projects;
using PixelFlow.Contracts.V1;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

public sealed class JobRequestValidatorTests
{
    private static readonly JobRequestValidator Validator = new(new JobLimitsOptions());
    private static readonly IReadOnlySet<string> Presigned = new HashSet<string> { "s3_presigned" };

    internal static JobRequestValidator.Result Validate(string pipelineJson, ProjectRules? rules = null)
    {
        var request = JobRequestReader.Read<CreateJobRequest>(
            System.Text.Encoding.UTF8.GetBytes($$"""{"source_type":"s3_presigned","pipeline":{{pipelineJson}}}"""), "", out var error);
        error.ShouldBeNull();
        return Validator.Validate(request!, Presigned, rules);
    }

    [Fact]
    public void TheOneActionShorthandBecomesASingleStep()
    {
        var result = Validate("""[{"id":"t","action":"resize","width":150,"format":"webp","quality":80}]""");

        result.IsValid.ShouldBeTrue();
        var output = result.Outputs.ShouldHaveSingleItem();
        output.Format.ShouldBe("webp");
        output.Quality.ShouldBe(80);
        output.StripMetadata.ShouldBeTrue();
        output.Steps.ShouldHaveSingleItem().ShouldBe(new OperationSpec { Action = "resize", Width = 150 });
    }

    [Fact]
    public void AnOutputWithoutFormatIsAuto()
    {
        Validate("""[{"id":"t","steps":[]}]""").Outputs.ShouldHaveSingleItem().Format.ShouldBe("auto");
    }

    [Theory]
    [InlineData("""{"action":"crop","width":10,"height":10,"left":0,"top":0,"gravity":"north"}""", "pipeline[0].steps[0]")]
    [InlineData("""{"action":"crop","width":10,"height":10,"focus_x":0.5}""", "pipeline[0].steps[0].focus_y")]
    [InlineData("""{"action":"crop","width":10,"height":10,"focus_x":1.5,"focus_y":0.5}""", "pipeline[0].steps[0].focus_x")]
    [InlineData("""{"action":"watermark"}""", "pipeline[0].steps[0].text")]
    [InlineData("""{"action":"watermark","text":"a","image_key":"b.png"}""", "pipeline[0].steps[0].text")]
    [InlineData("""{"action":"watermark","image_key":"b.png","size":10}""", "pipeline[0].steps[0].size")]
    [InlineData("""{"action":"watermark","text":"a","color":"chartreuse-ish"}""", "pipeline[0].steps[0].color")]
    [InlineData("""{"action":"watermark","text":"a","gravity":"smart"}""", "pipeline[0].steps[0].gravity")]
    [InlineData("""{"action":"resize","width":10,"fit":"cover","background":"#fff"}""", "pipeline[0].steps[0].background")]
    [InlineData("""{"action":"rotate"}""", "pipeline[0].steps[0].angle")]
    [InlineData("""{"action":"flip","angle":3}""", "pipeline[0].steps[0].angle")]
    [InlineData("""{"action":"sharpen","sigma":-1}""", "pipeline[0].steps[0].sigma")]
    [InlineData("""{"action":"watermark","image_key":"../etc/passwd"}""", "pipeline[0].steps[0].image_key")]
    public void EachRuleNamesTheFieldItRejects(string step, string field)
    {
        var result = Validate($$"""[{"id":"a","steps":[{{step}}]}]""");

        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContainKey(field);
    }

    [Theory]
    [InlineData("""{"id":"a","format":"webp","effort":7}""", "pipeline[0].effort")]
    [InlineData("""{"id":"a","format":"avif","effort":9}""", null)]
    [InlineData("""{"id":"a","format":"jpeg","effort":3}""", "pipeline[0].effort")]
    [InlineData("""{"id":"a","format":"webp","progressive":true}""", "pipeline[0].progressive")]
    [InlineData("""{"id":"a","format":"png","progressive":true}""", null)]
    [InlineData("""{"id":"a b"}""", "pipeline[0].id")]
    public void EncodingOptionsMustSuitTheFormat(string output, string? field)
    {
        var result = Validate($"[{output}]");

        if (field is null)
        {
            result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors.Keys));
        }
        else
        {
            result.Errors.ShouldContainKey(field);
        }
    }

    [Fact]
    public void TooManyOutputsAreRefused()
    {
        var outputs = string.Join(",", Enumerable.Range(0, 21).Select(i => $$"""{"id":"o{{i}}"}"""));

        Validate($"[{outputs}]").Errors.ShouldContainKey("pipeline");
    }

    [Fact]
    public void APresetSuppliesTheWholeOutputUnderTheJobsId()
    {
        var rules = new ProjectRules(new Dictionary<string, OutputSpec>
        {
            ["thumb"] = new() { Id = "thumb", Format = "webp", Steps = [new OperationSpec { Action = "resize", Width = 64 }] },
        }, null);

        var result = Validate("""[{"id":"avatar","preset":"thumb"}]""", rules);

        result.IsValid.ShouldBeTrue();
        var output = result.Outputs.ShouldHaveSingleItem();
        (output.Id, output.Format, output.Steps.Single().Width).ShouldBe(("avatar", "webp", 64));
    }

    [Theory]
    [InlineData("""{"id":"a","action":"resize","width":150}""", true)]
    [InlineData("""{"id":"a","action":"resize","width":150,"height":99}""", true)]
    [InlineData("""{"id":"a","action":"resize","width":800,"height":600}""", true)]
    [InlineData("""{"id":"a","action":"resize","width":800}""", false)]
    [InlineData("""{"id":"a","steps":[{"action":"crop","width":640,"height":480}]}""", false)]
    [InlineData("""{"id":"a","steps":[{"action":"rotate","angle":90}]}""", true)]
    public void TheDimensionAllowlistMatchesEachSideOrAny(string output, bool allowed)
    {
        var rules = new ProjectRules(new Dictionary<string, OutputSpec>(), [new AllowedDimension(150, null), new AllowedDimension(800, 600)]);

        Validate($"[{output}]", rules).IsValid.ShouldBe(allowed);
    }

    [Fact]
    public void WatermarkAssetsAreCollectedForTheExistenceCheck()
    {
        var result = Validate("""[{"id":"a","steps":[{"action":"resize","width":10},{"action":"watermark","image_key":"brand/logo.png"}]}]""");

        result.AssetReferences.ShouldBe([("pipeline[0].steps[1].image_key", "brand/logo.png")]);
    }
}
