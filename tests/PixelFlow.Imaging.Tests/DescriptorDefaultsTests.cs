using PixelFlow.Contracts.V1;
using PixelFlow.Contracts.V1.Operations;
using Shouldly;
using static PixelFlow.Tests.Imaging.Imaging;
using static PixelFlow.Tests.OperationSamples;

namespace PixelFlow.Tests.Imaging;

/// <summary>The worker renders with the descriptors' defaults: leaving a field out and sending its documented default give the same bytes.</summary>
public sealed class DescriptorDefaultsTests
{
    private static readonly IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Assets =
        new Dictionary<string, ReadOnlyMemory<byte>> { [WatermarkAsset] = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "logo.png")) };

    private static byte[] Render(OperationSpec step)
    {
        // The source has alpha, so that flatten and the colour defaults have something to act on.
        using var output = RenderOne(Source("scene-alpha.png"), Output("png", step), Assets);
        return output.Data.ToArray();
    }

    [Fact]
    public void EveryActionRenders()
    {
        ValidSteps.Select(step => step.Action).Distinct().ShouldBe(Actions.All, ignoreOrder: true);
        foreach (var step in ValidSteps)
        {
            Render(step).ShouldNotBeEmpty(step.ToString());
        }
    }

    [Fact]
    public void AFieldLeftOutRendersAsItsDocumentedDefault()
    {
        var compared = new HashSet<(string, string)>();
        foreach (var (field, steps) in FieldsWithTheirSteps().Where(pair => pair.Field.DefaultText is not null))
        {
            foreach (var step in steps)
            {
                var withDefault = With(step, field.Name, DefaultOf(field));
                if (OperationCatalog.For(step.Action)!.Validate(withDefault, OperationLimits.Default).Any())
                {
                    continue; // e.g. scale on a text watermark: the field does not apply to this form of the action.
                }

                Render(With(step, field.Name, null)).ShouldBe(Render(withDefault), $"{step.Action}.{field.Name} = {field.DefaultText}");
                compared.Add((step.Action, field.Name));
            }
        }

        var defaulted = OperationCatalog.All.SelectMany(operation => operation.Fields.Where(field => field.DefaultText is not null)
            .Select(field => (operation.Action, field.Name)));
        compared.ShouldBe(defaulted, ignoreOrder: true);
    }
}
