namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How long a consumer keeps trying a message whose failure is transient, before it is given up (error queue).
/// </summary>
/// <remarks>
/// The retries run in place, with the message unacknowledged on the broker, rather than as MassTransit's delayed or
/// scheduled redelivery. Both of those were ruled out here: delayed redelivery on RabbitMQ needs the
/// <c>rabbitmq_delayed_message_exchange</c> plugin, which Debian's rabbitmq-server (3.10.8) does not ship; scheduled
/// redelivery needs a message scheduler, and the only one that does not need that plugin (MassTransit.Quartz) is not
/// served to this project. An in-memory scheduler would lose the message with the process; a message retried in place
/// is redelivered by the broker to another instance if this one dies. RabbitMQ cancels a consumer that holds a
/// delivery past <c>consumer_timeout</c> (30 minutes by default): every schedule here ends well before.
/// </remarks>
public static class MessageRetryIntervals
{
    /// <summary>
    /// About eight minutes in growing steps: quick retries for a row-lock conflict or a dropped pooled connection,
    /// then minutes to ride out a database restart or failover.
    /// </summary>
    public static readonly TimeSpan[] OverMinutes =
    [
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250),
        TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60),
        TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(240),
    ];

    /// <summary>
    /// About 90 seconds: a storage or broker outage shorter than a minute is ridden out by a job in flight, whatever
    /// point of the job it hits.
    /// </summary>
    public static readonly TimeSpan[] OutlastAMinute =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8),
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30),
    ];
}
