// What every operation file uses: libvips, the step contract and its descriptors, the pipeline's types.
global using NetVips;
global using PixelFlow.Contracts.V1;
global using PixelFlow.Contracts.V1.Operations;
global using PixelFlow.Imaging.Pipeline;
