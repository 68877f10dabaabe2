namespace PixelFlow.Contracts.V1;

/// <summary>
/// What one output format's encoder accepts from <see cref="OutputSpec"/> and what it uses by default. The API
/// validates against it, the worker's encoder reads its defaults from it, the README's encoding table is rendered
/// from it.
/// </summary>
/// <param name="Format">The <see cref="OutputFormats"/> name.</param>
/// <param name="DefaultQuality">The quality used when the output sets none; null when an unset quality means something else (see <paramref name="QualityNote"/>).</param>
/// <param name="QualityNote">What <c>quality</c> does for this format when it is not the plain 1–100 scale with a default.</param>
/// <param name="Effort">The effort an output may set; null when this format takes none.</param>
/// <param name="EffortNote">What effort means for this format, and why its default is what it is.</param>
/// <param name="Lossless">The format takes <c>lossless</c>.</param>
/// <param name="Progressive">The format takes <c>progressive</c> (interlaced).</param>
public sealed record FormatEncoding(
    string Format,
    int? DefaultQuality,
    string? QualityNote,
    EffortRange? Effort,
    string? EffortNote,
    bool Lossless,
    bool Progressive);
