using System.Net.Sockets;

namespace PixelFlow.Worker.Consumers;

/// <summary>
/// Which failures of the worker's infrastructure are an outage worth waiting out (storage unreachable or answering
/// 5xx, the broker's connection gone) rather than something wrong with the job.
/// </summary>
public static class StorageFailures
{
    public static bool IsTransient(Exception exception)
    {
        // Walked because clients wrap. ObjectStorage reports every outage (unreachable, 5xx, no answer in time) as
        // StorageUnavailableException; the broker's client reports a dropped connection with its own types or as the
        // socket's IOException, and the control plane's status request goes over HTTP or the broker.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PixelFlow.Infrastructure.StorageUnavailableException
                or HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError }
                or SocketException or IOException or TimeoutException
                or MassTransit.ConnectionException
                or RabbitMQ.Client.Exceptions.BrokerUnreachableException
                or RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return true;
            }
        }

        return false;
    }
}
