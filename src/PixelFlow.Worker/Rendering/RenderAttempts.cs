using PixelFlow.Contracts.V1;
using StackExchange.Redis;

namespace PixelFlow.Worker.Rendering;

/// <summary>
/// Counts the renders of a job that started and never finished: a worker that crashed (or hung and was restarted)
/// mid-render leaves its count behind, and the broker hands the unsettled message to another worker. A job whose
/// renders were left unfinished three times is not rendered a fourth time: it fails <c>source_unprocessable</c>, so
/// that one hostile file cannot take down every worker in turn.
/// </summary>
/// <remarks>
/// The count cannot tell the job that crashed a worker from the jobs beside it, nor from a worker an operator killed
/// (a restart, a deploy, the OOM killer): every render in flight is left unfinished alike. Three lets a good job live
/// through two such kills in a row (sidekiq-power-fetch's reliable fetch also allows three); a hostile file still
/// costs at most three worker restarts.
/// </remarks>
public sealed class RenderAttempts(IConnectionMultiplexer redis, ILogger<RenderAttempts> logger)
{
    /// <summary>Unfinished renders allowed before a job is refused.</summary>
    public const int MaxUnfinished = 3;

    /// <summary>Long enough to outlive any redelivery, short enough that Redis keeps no clutter.</summary>
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(1);

    /// <summary>Records a render about to start; false when the job already left <see cref="MaxUnfinished"/> renders unfinished.</summary>
    public async Task<bool> BeginAsync(Guid jobId)
    {
        try
        {
            var database = redis.GetDatabase();
            var started = await database.StringIncrementAsync(Key(jobId));
            await database.KeyExpireAsync(Key(jobId), KeyLifetime);
            return started <= MaxUnfinished;
        }
        catch (RedisException e)
        {
            // Fail open: without the counter a hostile file costs more restarts, but good jobs still run.
            logger.LogWarning(e, "Could not count the renders of job {JobId}; rendering it", jobId);
            return true;
        }
    }

    /// <summary>The render finished (either way): it no longer counts.</summary>
    public async Task EndAsync(Guid jobId)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(Key(jobId));
        }
        catch (RedisException e)
        {
            logger.LogWarning(e, "Could not clear the render count of job {JobId}", jobId);
        }
    }

    private static RedisKey Key(Guid jobId) => Wire.RedisKeys.JobRenders(jobId);
}
