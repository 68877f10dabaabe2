using System.Net;
using System.Net.Sockets;

namespace PixelFlow.Api.Webhooks;

/// <summary>Why an address is not a public destination.</summary>
/// <param name="Name">loopback, private, cgnat, link-local, unique-local, unspecified, multicast, broadcast, reserved.</param>
/// <param name="IsPrivateNetwork">A range of the service's own network, which <see cref="WebhookOptions.AllowPrivateNetworks"/>
/// opens for local development; the others (unspecified, multicast, broadcast, reserved) are never a receiver.</param>
public sealed record BlockedRange(string Name, bool IsPrivateNetwork);

/// <summary>
/// Classifies IP addresses for SSRF protection: a webhook URL is chosen by whoever calls the API, so without this a
/// caller could make the service POST into its own network (a database admin port, the cloud metadata service at
/// 169.254.169.254). Checked on the address actually connected to, after DNS resolution.
/// </summary>
public static class DestinationAddressPolicy
{
    private static readonly BlockedRange Loopback = new("loopback", true);
    private static readonly BlockedRange Private = new("private", true);
    private static readonly BlockedRange Cgnat = new("cgnat", true);
    private static readonly BlockedRange LinkLocal = new("link-local", true);
    private static readonly BlockedRange UniqueLocal = new("unique-local", true);
    private static readonly BlockedRange Unspecified = new("unspecified", false);
    private static readonly BlockedRange Multicast = new("multicast", false);
    private static readonly BlockedRange Broadcast = new("broadcast", false);
    private static readonly BlockedRange Reserved = new("reserved", false);

    /// <summary>IPv4 ranges, most specific first (255.255.255.255 before 240/4).</summary>
    private static readonly (byte[] Network, int PrefixLength, BlockedRange Range)[] V4Ranges =
    [
        ([255, 255, 255, 255], 32, Broadcast),
        ([0, 0, 0, 0], 8, Unspecified), // "this network"; 0.0.0.0 reaches the local host on Linux
        ([10, 0, 0, 0], 8, Private),
        ([100, 64, 0, 0], 10, Cgnat),
        ([127, 0, 0, 0], 8, Loopback),
        ([169, 254, 0, 0], 16, LinkLocal), // includes the cloud metadata service 169.254.169.254
        ([172, 16, 0, 0], 12, Private),
        ([192, 0, 0, 0], 24, Reserved), // IETF protocol assignments
        ([192, 168, 0, 0], 16, Private),
        ([198, 18, 0, 0], 15, Reserved), // benchmarking
        ([224, 0, 0, 0], 4, Multicast),
        ([240, 0, 0, 0], 4, Reserved),
    ];

    private static readonly (byte[] Network, int PrefixLength, BlockedRange Range)[] V6Ranges =
    [
        (IPAddress.IPv6None.GetAddressBytes(), 128, Unspecified),
        (IPAddress.IPv6Loopback.GetAddressBytes(), 128, Loopback),
        (IPAddress.Parse("fe80::").GetAddressBytes(), 10, LinkLocal),
        (IPAddress.Parse("fec0::").GetAddressBytes(), 10, Private), // deprecated site-local
        (IPAddress.Parse("fc00::").GetAddressBytes(), 7, UniqueLocal),
        (IPAddress.Parse("ff00::").GetAddressBytes(), 8, Multicast),
        (IPAddress.Parse("64:ff9b:1::").GetAddressBytes(), 48, Private), // local-use NAT64 (RFC 8215)
    ];

    /// <summary>Prefixes whose last 32 bits are an IPv4 address that decides: IPv4-mapped, NAT64 well-known, IPv4-compatible.</summary>
    private static readonly (byte[] Network, int PrefixLength)[] V4Embedding =
    [
        (IPAddress.Parse("::ffff:0:0").GetAddressBytes(), 96),
        (IPAddress.Parse("64:ff9b::").GetAddressBytes(), 96),
        (IPAddress.IPv6None.GetAddressBytes(), 96),
    ];

    private static readonly byte[] SixToFour = IPAddress.Parse("2002::").GetAddressBytes();

    /// <summary>The blocked range <paramref name="address"/> lies in, or null for a public address.</summary>
    public static BlockedRange? Classify(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Match(bytes, V4Ranges);
        }

        if (Match(bytes, V6Ranges) is { } range)
        {
            return range;
        }

        // An IPv6 form of an IPv4 address reaches that IPv4 host (through the dual stack, a NAT64 gateway or a
        // 6to4 relay), so it is judged as that address.
        if (V4Embedding.Any(prefix => InPrefix(bytes, prefix.Network, prefix.PrefixLength)))
        {
            return Match(bytes[12..], V4Ranges);
        }

        return InPrefix(bytes, SixToFour, 16) ? Match(bytes[2..6], V4Ranges) : null;
    }

    /// <summary>Null when a delivery may connect to <paramref name="address"/>; otherwise the range that forbids it.</summary>
    public static BlockedRange? Refusal(IPAddress address, bool allowPrivateNetworks) =>
        Classify(address) is { } range && !(allowPrivateNetworks && range.IsPrivateNetwork) ? range : null;

    private static BlockedRange? Match(byte[] bytes, (byte[] Network, int PrefixLength, BlockedRange Range)[] ranges)
    {
        foreach (var (network, prefixLength, range) in ranges)
        {
            if (InPrefix(bytes, network, prefixLength))
            {
                return range;
            }
        }

        return null;
    }

    private static bool InPrefix(byte[] address, byte[] network, int prefixLength)
    {
        var whole = prefixLength / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(network.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (network[whole] & mask);
    }
}
