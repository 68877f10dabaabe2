using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PixelFlow.Contracts.V1;
using PixelFlow.Contracts.V1.Operations;
using Shouldly;
using static PixelFlow.Tests.OperationSamples;

namespace PixelFlow.Tests.Jobs;

/// <summary>The operation descriptors: complete, self-consistent, and what the validator enforces.</summary>
public sealed class OperationCatalogTests
{
    [Fact]
    public void EveryActionNameHasExactlyOneDescriptor()
    {
        var names = typeof(Actions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!);

        OperationCatalog.All.Select(operation => operation.Action).ShouldBe(names, ignoreOrder: true);
        Actions.All.ShouldBe(OperationCatalog.All.Select(operation => operation.Action));
    }

    [Fact]
    public void EveryStepFieldOnTheWireBelongsToSomeOperation()
    {
        var properties = typeof(OperationSpec).GetProperties().Where(property => property.Name != nameof(OperationSpec.Action))
            .Select(property => JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));

        OperationCatalog.FieldNames.ShouldBe(properties, ignoreOrder: true);
    }

    [Fact]
    public void EachFieldReadsTheWirePropertyOfItsName()
    {
        foreach (var (field, _) in FieldsWithTheirSteps())
        {
            JsonNode sample = field.JsonType switch
            {
                "integer" => JsonValue.Create(1),
                "number" => JsonValue.Create(0.5),
                "boolean" => JsonValue.Create(true),
                _ => JsonValue.Create("a"),
            };

            var step = With(new OperationSpec { Action = "any" }, field.Name, sample);

            field.IsSet(step).ShouldBeTrue(field.Name);
            OperationCatalog.FieldsSetIn(step).ShouldBe([field.Name]);
        }
    }

    [Fact]
    public void TheSampleStepsAreValid()
    {
        foreach (var step in ValidSteps)
        {
            OperationCatalog.For(step.Action)!.Validate(step, OperationLimits.Default).ShouldBeEmpty(step.ToString());
        }
    }

    [Fact]
    public void EveryDefaultIsAValueTheValidatorAccepts()
    {
        foreach (var (field, steps) in FieldsWithTheirSteps().Where(pair => pair.Field.DefaultText is not null))
        {
            steps.Any(step => !ErrorsOf(With(step, field.Name, DefaultOf(field)), field.Name).Any()).ShouldBeTrue($"{field.Name} = {field.DefaultText}");
        }
    }

    [Fact]
    public void NumberRangesAcceptTheirEdgesAndRefuseBeyond()
    {
        foreach (var (field, steps) in FieldsWithTheirSteps())
        {
            var (low, high, nudge) = field switch
            {
                NumberField<int> ints => ((double?)ints.Min, (double?)(ints.IsOutputDimension ? OperationLimits.Default.MaxOutputDimension : ints.Max), 1.0),
                NumberField<double> doubles => (doubles.Min, doubles.Max, 1e-7),
                _ => ((double?)null, (double?)null, 0.0),
            };

            foreach (var (edge, beyond) in new[] { (low, low - nudge), (high, high + nudge) }.Where(pair => pair.Item1 is not null))
            {
                steps.Any(step => !ErrorsOf(With(step, field.Name, Number(field, edge!.Value)), field.Name).Any()).ShouldBeTrue($"{field.Name} = {edge}");
                steps.All(step => ErrorsOf(With(step, field.Name, Number(field, beyond!.Value)), field.Name).Any()).ShouldBeTrue($"{field.Name} = {beyond}");
            }
        }

        static JsonNode Number(OperationField field, double value) =>
            field.JsonType == "integer" ? JsonValue.Create((int)value) : JsonValue.Create(value);
    }

    [Fact]
    public void ChoicesAcceptEachNameAndRefuseOthers()
    {
        foreach (var (field, steps) in FieldsWithTheirSteps().Where(pair => pair.Field is ChoiceField))
        {
            foreach (var choice in ((ChoiceField)field).Choices)
            {
                steps.Any(step => !ErrorsOf(With(step, field.Name, choice), field.Name).Any()).ShouldBeTrue($"{field.Name} = {choice}");
            }

            steps.All(step => ErrorsOf(With(step, field.Name, "sideways"), field.Name).Any()).ShouldBeTrue(field.Name);
        }
    }

    [Fact]
    public void ARequiredFieldLeftOutIsNamed()
    {
        foreach (var (field, steps) in FieldsWithTheirSteps().Where(pair => pair.Field.Required))
        {
            steps.All(step => ErrorsOf(With(step, field.Name, null), field.Name).Any(error => error.Message == "Required.")).ShouldBeTrue(field.Name);
        }
    }

    [Fact]
    public void ColourFieldsUseTheOneColourSyntax()
    {
        foreach (var (field, steps) in FieldsWithTheirSteps().Where(pair => pair.Field is ColourField))
        {
            steps.Any(step => !ErrorsOf(With(step, field.Name, "#ff000080"), field.Name).Any()).ShouldBeTrue(field.Name);
            steps.All(step => ErrorsOf(With(step, field.Name, "ff0000"), field.Name).Any()).ShouldBeTrue(field.Name);
        }
    }

    [Theory]
    [InlineData("""{"action":"blur"}""", null)]
    [InlineData("""{"action":"blur","sigma":0.2}""", "sigma")]
    [InlineData("""{"action":"crop","width":10,"height":10,"left":0}""", "top")]
    [InlineData("""{"action":"crop","width":10,"height":10,"left":0,"top":0,"gravity":"north"}""", "")]
    [InlineData("""{"action":"resize","width":10,"background":"white"}""", "background")]
    [InlineData("""{"action":"resize","width":10,"gravity":"entropy"}""", "gravity")]
    [InlineData("""{"action":"resize","width":10,"height":10,"fit":"cover","gravity":"entropy"}""", null)]
    [InlineData("""{"action":"watermark","text":"a","scale":0.5}""", "scale")]
    [InlineData("""{"action":"watermark","image_key":"a.png","font":"serif"}""", "font")]
    [InlineData("""{"action":"watermark","image_key":"../a.png"}""", "image_key")]
    [InlineData("""{"action":"flip","sigma":1}""", "sigma")]
    public void RulesAcrossFieldsNameTheFieldTheyRefuse(string json, string? field)
    {
        var step = JsonSerializer.Deserialize<OperationSpec>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;

        var errors = OperationCatalog.For(step.Action)!.Validate(step, OperationLimits.Default).ToList();

        if (field is null)
        {
            errors.ShouldBeEmpty();
        }
        else
        {
            errors.ShouldContain(error => (error.Field ?? "") == field, string.Join("; ", errors));
        }
    }

    [Fact]
    public void TheDeploymentsDimensionLimitBoundsWidthAndHeight()
    {
        var step = new OperationSpec { Action = Actions.Resize, Width = 600 };

        OperationCatalog.Resize.Validate(step, new OperationLimits(500)).ShouldContain(error => error.Field == "width");
        OperationCatalog.Resize.Validate(step, new OperationLimits(600)).ShouldBeEmpty();
    }
}

/// <summary>The encoding table: its defaults are in range and the validator holds outputs to it.</summary>
public sealed class EncodingsTests
{
    [Fact]
    public void EveryFormatButAutoHasARowAndEveryDefaultEffortIsInItsRange()
    {
        Encodings.All.Select(encoding => encoding.Format).ShouldBe(OutputFormats.All.Where(format => format != OutputFormats.Auto), ignoreOrder: true);
        Encodings.All.Where(encoding => encoding.Effort is not null)
            .ShouldAllBe(encoding => encoding.Effort!.Min <= encoding.Effort.Default && encoding.Effort.Default <= encoding.Effort.Max);
        Encodings.All.Where(encoding => encoding.DefaultQuality is not null)
            .ShouldAllBe(encoding => encoding.DefaultQuality >= Encodings.MinQuality && encoding.DefaultQuality <= Encodings.MaxQuality);
    }

    [Fact]
    public void TheValidatorAcceptsEachFormatsEffortRangeAndRefusesBeyondIt()
    {
        foreach (var encoding in Encodings.All)
        {
            var field = $"pipeline[0].effort";
            if (encoding.Effort is not { } effort)
            {
                JobRequestValidatorTests.Validate($$"""[{"id":"a","format":"{{encoding.Format}}","effort":1}]""").Errors.ShouldContainKey(field);
                continue;
            }

            foreach (var accepted in new[] { effort.Min, effort.Max })
            {
                JobRequestValidatorTests.Validate($$"""[{"id":"a","format":"{{encoding.Format}}","effort":{{accepted}}}]""").IsValid.ShouldBeTrue();
            }

            foreach (var refused in new[] { effort.Min - 1, effort.Max + 1 })
            {
                JobRequestValidatorTests.Validate($$"""[{"id":"a","format":"{{encoding.Format}}","effort":{{refused}}}]""").Errors.ShouldContainKey(field);
            }
        }
    }

    [Fact]
    public void LosslessAndProgressiveAreRefusedWhereTheTableSaysTheFormatTakesNone()
    {
        foreach (var encoding in Encodings.All)
        {
            foreach (var (option, takes) in new[] { ("lossless", encoding.Lossless), ("progressive", encoding.Progressive) })
            {
                var result = JobRequestValidatorTests.Validate($$"""[{"id":"a","format":"{{encoding.Format}}","{{option}}":true}]""");
                result.Errors.ContainsKey($"pipeline[0].{option}").ShouldBe(!takes, $"{encoding.Format} {option}");
            }
        }
    }
}
