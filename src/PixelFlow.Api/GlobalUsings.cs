// Namespaces most files of the API use: the framework's (EF Core, options, typed results, claims), the contracts
// shared with the worker, storage, the API's cross-cutting pieces (the DbContext, problem responses, the caller's
// project, the API's meter), and the features every other one builds on: jobs, projects (the tenant) and accounts
// (its users). Other feature namespaces are imported where a file uses another feature.
global using System.Security.Claims;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Options;
global using PixelFlow.Api.Accounts;
global using PixelFlow.Api.Auth;
global using PixelFlow.Api.Infrastructure;
global using PixelFlow.Api.Jobs;
global using PixelFlow.Api.Problems;
global using PixelFlow.Api.Projects;
global using PixelFlow.Api.Telemetry;
global using PixelFlow.Contracts.V1;
global using PixelFlow.Infrastructure;
