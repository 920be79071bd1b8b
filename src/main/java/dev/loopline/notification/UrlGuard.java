package dev.loopline.notification;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import dev.loopline.common.DomainException;

/**
 * Where webhooks may send: {@code http}/{@code https} URLs whose host resolves only to public addresses, unless
 * private networks are allowed. IPv6 addresses that carry an IPv4 one (mapped, compatible, NAT64, 6to4) are judged by
 * the IPv4 address inside; Teredo is refused. Checked when a webhook is saved and again before every attempt, so a name that
 * later resolves somewhere private (DNS rebinding) is refused at send time too. Redirects are never followed.
 */
class UrlGuard {

    /** Resolves a host name to all its addresses; replaceable in tests. */
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    static final Resolver DNS = host -> List.of(InetAddress.getAllByName(host));

    private final boolean allowPrivateNetwork;
    private final Resolver resolver;

    UrlGuard(boolean allowPrivateNetwork, Resolver resolver) {
        this.allowPrivateNetwork = allowPrivateNetwork;
        this.resolver = resolver;
    }

    /** The URL, parsed, when it is well formed: {@code http(s)://host[:port]/…}; otherwise {@code 400 invalid_url}. */
    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("Give the URL to send to, e.g. https://ci.example.com/hooks/loopline.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        }
        catch (URISyntaxException e) {
            throw invalid("'" + dev.loopline.common.TextLimits.quoted(url) + "' is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("Webhook URLs must start with http:// or https://.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("The URL has no host name.");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("Put no user name or password in the URL; use the webhook's signing secret.");
        }
        return uri;
    }

    /**
     * Refuses ({@code 422 url_not_allowed}) a URL whose host resolves to any loopback, link-local, private,
     * unique-local, multicast or unspecified address, unless private networks are allowed; {@code 422
     * unknown_host} when the name does not resolve.
     */
    void check(URI uri) {
        if (allowPrivateNetwork) {
            return;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        }
        catch (UnknownHostException e) {
            throw new DomainException.Refused("unknown_host", "The host " + host + " does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new DomainException.Refused("url_not_allowed", "The host " + host + " resolves to "
                        + address.getHostAddress() + ", a loopback, link-local or private address; Loopline only "
                        + "sends webhooks to public addresses unless loopline.webhooks.allow-private-network=true.");
            }
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique local fc00::/7
                return false;
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) { // Teredo 2001::/32
                return false; // the IPv4 address inside is obfuscated; a webhook has no business there
            }
            if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && b[4] == 0 && b[5] == 1) {
                return false; // local-use NAT64 64:ff9b:1::/48 (RFC 8215): a private translator by definition
            }
            int embedded = embeddedV4At(b);
            if (embedded >= 0) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, embedded, embedded + 4)));
                }
                catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Where an IPv6 address carries an IPv4 one that a gateway or the host's stack may reach: mapped
     * {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d} and NAT64 {@code 64:ff9b::a.b.c.d} at byte 12, 6to4
     * {@code 2002:aabb:ccdd::} at byte 2; -1 for none. Each is judged as the IPv4 address: {@code 64:ff9b::a9fe:a9fe}
     * is the cloud metadata address it leads to.
     */
    private static int embeddedV4At(byte[] b) {
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) {
            zeroTo10 &= b[i] == 0;
        }
        if (zeroTo10 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
            return 12;
        }
        boolean zero4To12 = true;
        for (int i = 4; i < 12; i++) {
            zero4To12 &= b[i] == 0;
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zero4To12) {
            return 12;
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return 2;
        }
        return -1;
    }

    private static DomainException invalid(String message) {
        return new DomainException.InvalidInput("invalid_url", message);
    }
}
