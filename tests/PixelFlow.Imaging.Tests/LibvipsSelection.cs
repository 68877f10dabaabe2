using System.Runtime.CompilerServices;

namespace PixelFlow.Tests.Imaging;

/// <summary>
/// Loads the libvips build these tests run on (see <see cref="Imaging.Library"/>) as the test assembly loads: NetVips
/// loads the bundled build the moment any of its types is touched, and a test that builds a source with NetVips
/// before touching the engine would otherwise decide the build for the whole run.
/// </summary>
internal static class LibvipsSelection
{
#pragma warning disable CA2255 // The test process is the application here: one libvips build must be chosen before any test runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void SelectBeforeAnyTest() => _ = Imaging.Processor;
}
