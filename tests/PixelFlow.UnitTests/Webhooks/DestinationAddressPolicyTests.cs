using System.Net;
using PixelFlow.Api.Webhooks;
using Shouldly;

namespace PixelFlow.Tests.Webhooks;

public sealed class DestinationAddressPolicyTests
{
    [Theory]
    // IPv4: each blocked range at its edges, and the public addresses just outside them.
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.255.255.255", "unspecified")]
    [InlineData("10.0.0.0", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("100.64.0.0", "cgnat")]
    [InlineData("100.127.255.255", "cgnat")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("172.16.0.0", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.0.0.8", "reserved")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("192.168.255.255", "private")]
    [InlineData("198.18.0.1", "reserved")]
    [InlineData("198.19.255.255", "reserved")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.254", "reserved")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("1.1.1.1", null)]
    [InlineData("8.8.8.8", null)]
    [InlineData("9.255.255.255", null)]
    [InlineData("11.0.0.0", null)]
    [InlineData("100.63.255.255", null)]
    [InlineData("100.128.0.0", null)]
    [InlineData("126.255.255.255", null)]
    [InlineData("128.0.0.0", null)]
    [InlineData("169.253.255.255", null)]
    [InlineData("169.255.0.0", null)]
    [InlineData("172.15.255.255", null)]
    [InlineData("172.32.0.0", null)]
    [InlineData("192.167.255.255", null)]
    [InlineData("192.169.0.0", null)]
    [InlineData("223.255.255.255", null)]
    // IPv6 native ranges.
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf:ffff::1", "link-local")]
    [InlineData("fec0::1", "private")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456:789a::1", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("ff0e::101", "multicast")]
    [InlineData("64:ff9b:1::a00:1", "private")]
    [InlineData("2606:4700:4700::1111", null)]
    [InlineData("2001:4860:4860::8888", null)]
    [InlineData("fbff:ffff::1", null)]
    [InlineData("fe00::1", null)]
    [InlineData("::2", "unspecified")] // IPv4-compatible ::0.0.0.2
    // IPv6 forms of IPv4 addresses are judged as the IPv4 address they reach.
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.1.2.3", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:100.64.0.1", "cgnat")]
    [InlineData("::ffff:192.168.1.1", "private")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("::ffff:8.8.8.8", null)]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b::10.0.0.1", "private")]
    [InlineData("64:ff9b::169.254.169.254", "link-local")]
    [InlineData("64:ff9b::172.16.0.1", "private")]
    [InlineData("64:ff9b::8.8.8.8", null)]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("::192.168.0.1", "private")]
    [InlineData("2002:7f00:1::1", "loopback")]
    [InlineData("2002:a9fe:a9fe::1", "link-local")]
    [InlineData("2002:0808:0808::1", null)]
    public void ClassifiesAddressesByTheRangeTheyReach(string address, string? expected)
    {
        DestinationAddressPolicy.Classify(IPAddress.Parse(address))?.Name.ShouldBe(expected);
        (DestinationAddressPolicy.Classify(IPAddress.Parse(address)) is null).ShouldBe(expected is null);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("100.100.100.100")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void AllowingPrivateNetworksOpensTheServicesOwnNetwork(string address)
    {
        DestinationAddressPolicy.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false).ShouldNotBeNull();
        DestinationAddressPolicy.Refusal(IPAddress.Parse(address), allowPrivateNetworks: true).ShouldBeNull();
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.251")]
    [InlineData("240.0.0.1")]
    [InlineData("::")]
    [InlineData("ff02::fb")]
    [InlineData("::ffff:224.0.0.1")]
    public void AddressesThatAreNeverAReceiverStayBlockedWithPrivateNetworksAllowed(string address)
    {
        DestinationAddressPolicy.Refusal(IPAddress.Parse(address), allowPrivateNetworks: true).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void PublicAddressesAreAllowedEitherWay(string address)
    {
        DestinationAddressPolicy.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false).ShouldBeNull();
        DestinationAddressPolicy.Refusal(IPAddress.Parse(address), allowPrivateNetworks: true).ShouldBeNull();
    }
}
