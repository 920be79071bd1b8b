package dev.loopline.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.loopline.common.DomainException;

/** Where webhooks may not send: SSRF refusals, checked on every resolved address. */
class UrlGuardTests {

    /** A resolver for names of our own; IP literals resolve to themselves as with real DNS. */
    private static final UrlGuard.Resolver NAMES = host -> switch (host) {
        case "loopback.example" -> List.of(InetAddress.getByName("127.0.0.1"));
        case "mixed.example" -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7"));
        case "public.example" -> List.of(InetAddress.getByName("93.184.216.34"));
        default -> List.of(InetAddress.getAllByName(host));
    };

    private final UrlGuard strict = new UrlGuard(false, NAMES);

    private void refused(String url) {
        assertThatThrownBy(() -> strict.check(UrlGuard.parse(url))).isInstanceOf(DomainException.Refused.class)
                .hasMessageContaining("loopback, link-local or private");
    }

    @Test
    void refusesLoopbackLinkLocalAndPrivateAddresses() {
        refused("http://127.0.0.1:8080/hook");
        refused("http://169.254.169.254/latest/meta-data/");
        refused("https://10.1.2.3/hook");
        refused("https://172.16.0.1/hook");
        refused("https://192.168.1.10/hook");
        refused("http://[::1]:8080/hook");
        refused("http://[fd00::1]/hook");
        refused("http://[::ffff:127.0.0.1]/hook");
        refused("http://0.0.0.0/hook");
        refused("http://100.64.0.1/hook");
    }

    @Test
    void refusesIpv6AddressesThatLeadToAPrivateIpv4One() {
        refused("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/"); // NAT64 of 169.254.169.254
        refused("http://[64:ff9b::7f00:1]/hook"); // NAT64 of 127.0.0.1
        refused("http://[64:ff9b:1::a00:7]/hook"); // local-use NAT64 of 10.0.0.7
        refused("http://[2002:7f00:1::]/hook"); // 6to4 of 127.0.0.1
        refused("http://[2002:a9fe:a9fe::1]/hook"); // 6to4 of 169.254.169.254
        refused("http://[::127.0.0.1]/hook"); // IPv4-compatible
        refused("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook"); // Teredo
        strict.check(UrlGuard.parse("http://[64:ff9b::808:808]/hook")); // NAT64 of 8.8.8.8 is public
        strict.check(UrlGuard.parse("http://[2002:808:808::1]/hook"));
    }

    @Test
    void refusesAHostNameThatResolvesToLoopbackOrToAnyPrivateAddress() {
        refused("https://loopback.example/hook");
        refused("https://mixed.example/hook");
        refused("http://localhost:8080/hook");
    }

    @Test
    void allowsPublicAddressesAndEverythingWhenPrivateNetworksAreAllowed() {
        strict.check(UrlGuard.parse("https://public.example/hook"));
        strict.check(UrlGuard.parse("https://93.184.216.34/hook"));
        new UrlGuard(true, NAMES).check(UrlGuard.parse("http://127.0.0.1:9/hook"));
    }

    @Test
    void refusesOtherSchemesMalformedUrlsAndUnknownHosts() {
        for (String url : List.of("ftp://public.example/x", "file:///etc/passwd", "gopher://public.example",
                "https://", "not a url", "http://user:pw@public.example/")) {
            assertThatThrownBy(() -> UrlGuard.parse(url)).as(url).isInstanceOf(DomainException.InvalidInput.class)
                    .extracting(e -> ((DomainException) e).code()).isEqualTo("invalid_url");
        }
        UrlGuard none = new UrlGuard(false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> none.check(URI.create("https://nowhere.example/"))).isInstanceOf(DomainException.Refused.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo("unknown_host");
    }

    @Test
    void judgesAddressesLikeTheRangesSay() throws Exception {
        assertThat(UrlGuard.isPublic(InetAddress.getByName("8.8.8.8"))).isTrue();
        assertThat(UrlGuard.isPublic(InetAddress.getByName("2606:4700::1111"))).isTrue();
        assertThat(UrlGuard.isPublic(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(UrlGuard.isPublic(InetAddress.getByName("224.0.0.1"))).isFalse();
    }
}
