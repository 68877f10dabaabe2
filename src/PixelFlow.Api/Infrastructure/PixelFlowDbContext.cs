using System.Text;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using PixelFlow.Api.Cleanup;
using PixelFlow.Api.Billing;
using PixelFlow.Api.Events;
using PixelFlow.Api.Files;
using PixelFlow.Api.Outbox;
using PixelFlow.Api.Usage;
using PixelFlow.Api.Webhooks;

namespace PixelFlow.Api.Infrastructure;

/// <summary>
/// The API's database. It holds Identity's user tables (users, their external logins, claims and tokens) through
/// <see cref="IdentityUserContext{TUser,TKey}"/>: users have no Identity roles, their roles are per project
/// (<see cref="ProjectMember"/>).
/// </summary>
public sealed class PixelFlowDbContext(DbContextOptions<PixelFlowDbContext> options) : IdentityUserContext<User, Guid>(options)
{
    /// <summary>EF's migrations history table, snake_case like every other table.</summary>
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Preset> Presets => Set<Preset>();
    public DbSet<JobEvent> JobEvents => Set<JobEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();
    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<FileVariant> FileVariants => Set<FileVariant>();
    public DbSet<CleanupRun> CleanupRuns => Set<CleanupRun>();
    public DbSet<BillingAccount> BillingAccounts => Set<BillingAccount>();
    public DbSet<ProcessedStripeEvent> ProcessedStripeEvents => Set<ProcessedStripeEvent>();

    /// <summary>
    /// Loads a job for change with its row locked until the current transaction ends. Every path that changes a job
    /// takes this lock first (then, through the change handlers, the project row), so concurrent changes of one job
    /// queue up instead of failing on the row version, and locks are always taken in the same order.
    /// </summary>
    public Task<Job?> LockJobAsync(Guid jobId, CancellationToken cancellationToken) =>
        Jobs.FromSql($"SELECT *, xmin FROM jobs WHERE id = {jobId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Saves without EF's automatic savepoint. Inside a transaction EF wraps each save in <c>SAVEPOINT</c> /
    /// <c>RELEASE SAVEPOINT</c>, two more round trips, so that a caller could go on after a failed save; no caller
    /// here does: each rolls its whole transaction back (or lets its message or request run again). Set on every save
    /// because a pooled context resets it when it is returned.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)"/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PixelFlowDbContext).Assembly);
        UseSnakeCaseNames(modelBuilder);
    }

    /// <summary>Postgres convention: snake_case tables, columns, keys and indexes (EFCore.NamingConventions does not
    /// run on EF 10). A table is named for its DbSet above (<c>WebhookDeliveries</c>: <c>webhook_deliveries</c>), so
    /// configurations name only the tables of Identity, which names its own.</summary>
    private static void UseSnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(ToSnakeCase(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
            {
                // Row versions are Postgres' system column xmin, never a column of ours.
                property.SetColumnName(property.IsConcurrencyToken && property.ClrType == typeof(uint)
                    ? "xmin"
                    : ToSnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName()!));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
