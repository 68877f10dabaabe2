using System.Text.Json.Nodes;
using PixelFlow.Tests.Infrastructure;
using Shouldly;

namespace PixelFlow.Tests.Jobs;

/// <summary>Every operation and output format, reached from the job JSON through API, broker, worker and storage.</summary>
public sealed class EveryOperationTests(ServersFixture servers)
{
    /// <summary>Output id, its JSON definition, and the expected format, width and height of the stored file.</summary>
    private sealed record Expected(string Id, string Json, string Format, int Width, int Height);

    private static readonly Expected[] Outputs =
    [
        new("fit_inside", """{"action":"resize","width":300,"height":300,"format":"jpeg","quality":85,"progressive":true}""", "jpeg", 300, 200),
        new("fit_cover", """{"steps":[{"action":"resize","width":300,"height":300,"fit":"cover"}],"format":"png"}""", "png", 300, 300),
        new("fit_contain", """{"steps":[{"action":"resize","width":300,"height":300,"fit":"contain","background":"#00000000"}],"format":"webp","lossless":true}""", "webp", 300, 300),
        new("fit_fill", """{"steps":[{"action":"resize","width":300,"height":100,"fit":"fill"}],"format":"jpeg"}""", "jpeg", 300, 100),
        new("fit_outside", """{"steps":[{"action":"resize","width":300,"height":300,"fit":"outside"}],"format":"jpeg"}""", "jpeg", 450, 300),
        new("no_enlarge", """{"steps":[{"action":"resize","width":5000,"without_enlargement":true}],"format":"jpeg"}""", "jpeg", 1200, 800),
        new("crop_box", """{"steps":[{"action":"crop","left":10,"top":20,"width":200,"height":100}],"format":"jpeg"}""", "jpeg", 200, 100),
        new("crop_smart", """{"steps":[{"action":"crop","width":200,"height":200,"gravity":"smart"}],"format":"jpeg"}""", "jpeg", 200, 200),
        new("crop_entropy", """{"steps":[{"action":"crop","width":200,"height":200,"gravity":"entropy"}],"format":"jpeg"}""", "jpeg", 200, 200),
        new("crop_focus", """{"steps":[{"action":"crop","width":200,"height":150,"focus_x":0.9,"focus_y":0.1}],"format":"jpeg"}""", "jpeg", 200, 150),
        new("rotate_90", """{"steps":[{"action":"resize","width":300},{"action":"rotate","angle":90}],"format":"jpeg"}""", "jpeg", 200, 300),
        new("rotate_any", """{"steps":[{"action":"resize","width":100,"height":100,"fit":"cover"},{"action":"rotate","angle":45,"background":"white"}],"format":"jpeg"}""", "jpeg", 141, 141),
        new("flip_flop", """{"steps":[{"action":"resize","width":120},{"action":"flip"},{"action":"flop"}],"format":"gif"}""", "gif", 120, 80),
        new("blur_sharpen", """{"steps":[{"action":"resize","width":120},{"action":"blur","sigma":2},{"action":"sharpen","sigma":1}],"format":"tiff"}""", "tiff", 120, 80),
        new("gray_flat", """{"steps":[{"action":"resize","width":120},{"action":"grayscale"},{"action":"flatten","background":"#ff0000"}],"format":"avif","quality":50,"effort":0}""", "avif", 120, 80),
        new("text_mark", """{"steps":[{"action":"resize","width":400},{"action":"watermark","text":"© ACME","size":20,"color":"#ffffff","opacity":0.7,"gravity":"southeast","margin":8}],"format":"webp"}""", "webp", 400, 267),
        new("auto_format", """{"action":"resize","width":64}""", "jpeg", 64, 43),
    ];

    [Fact]
    public async Task OneJobRendersEveryOperationAndFormatFromASingleDecode()
    {
        var project = await servers.CreateProjectAsync();
        var pipeline = new JsonArray(Outputs.Select(row =>
        {
            var output = JsonNode.Parse(row.Json)!.AsObject();
            output["id"] = row.Id;
            return (JsonNode)output;
        }).ToArray());

        var job = await project.RunJobAsync(servers.Storage, TestImages.Photo, pipeline.ToJsonString());

        job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        var outputs = job["outputs"]!.AsArray().ToDictionary(output => output!["id"]!.GetValue<string>(), output => output!);
        foreach (var row in Outputs)
        {
            var (id, format, width, height) = (row.Id, row.Format, row.Width, row.Height);
            var output = outputs[id];
            (output["format"]!.GetValue<string>(), output["width"]!.GetValue<int>(), output["height"]!.GetValue<int>())
                .ShouldBe((format, width, height), id);
            var stored = TestImages.Inspect(await servers.Storage.GetByteArrayAsync(output["url"]!.GetValue<string>()));
            (stored.Format, stored.Width, stored.Height).ShouldBe((format, width, height), id);
        }
    }
}
