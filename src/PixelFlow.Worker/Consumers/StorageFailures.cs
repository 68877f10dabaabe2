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
        // Walked because clients wrap: the S3 SDK puts the HttpRequestException inside an AmazonServiceException,
        // HttpClient's timeout is a TaskCanceledException around a TimeoutException.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Amazon.Runtime.AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }
                or HttpRequestException or SocketException or IOException or TimeoutException
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
