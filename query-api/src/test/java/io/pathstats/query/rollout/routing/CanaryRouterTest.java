package io.pathstats.query.rollout.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.query.rollout.config.RolloutConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanaryRouterTest {
    @Test
    void bucketsOfRandomIpv4AndIpv6AddressesAreEvenWithin15Percent() {
        Random random = new Random(99);
        int[] counts = new int[100];
        for (int i = 0; i < 100_000; i++) {
            String ip;
            if (i % 2 == 0) {
                ip = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int g = 0; g < 8; g++) {
                    sb.append(g == 0 ? "" : ":").append(Integer.toHexString(random.nextInt(65536)));
                }
                ip = IpAddresses.canonical(sb.toString());
            }
            counts[CanaryRouter.bucket(ip)]++;
        }
        for (int b = 0; b < 100; b++) {
            assertThat(counts[b]).as("bucket %d", b).isBetween(850, 1150);
        }
    }

    @Test
    void theSameIpAlwaysLandsInTheSameBucket() {
        for (String ip : List.of("203.0.113.7", "2001:db8:0:0:0:0:0:1", "10.0.0.1")) {
            int first = CanaryRouter.bucket(ip);
            for (int i = 0; i < 50; i++) {
                assertThat(CanaryRouter.bucket(ip)).isEqualTo(first);
            }
        }
    }

    @Test
    void forceOldBeatsForceNewBeatsPercentage() {
        String ip = "198.51.100.4";
        RolloutConfig all = new RolloutConfig(100, List.of(ip), List.of(ip), false, 10, null, null, "t");
        assertThat(CanaryRouter.route(ip, all)).isEqualTo(CanaryRouter.Route.LEGACY);
        RolloutConfig forcedNew = new RolloutConfig(0, List.of(ip), List.of(), false, 10, null, null, "t");
        assertThat(CanaryRouter.route(ip, forcedNew)).isEqualTo(CanaryRouter.Route.NEW);
        RolloutConfig none = new RolloutConfig(0, List.of(), List.of(), false, 10, null, null, "t");
        assertThat(CanaryRouter.route(ip, none)).isEqualTo(CanaryRouter.Route.LEGACY);
        int bucket = CanaryRouter.bucket(ip);
        assertThat(CanaryRouter.route(ip, new RolloutConfig(bucket + 1, List.of(), List.of(), false, 10, null, null, "t")))
                .isEqualTo(CanaryRouter.Route.NEW);
        assertThat(CanaryRouter.route(ip, new RolloutConfig(bucket, List.of(), List.of(), false, 10, null, null, "t")))
                .isEqualTo(CanaryRouter.Route.LEGACY);
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() {
        ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.2"));
        assertThat(resolver.resolve("10.0.0.2", "203.0.113.9, 10.0.0.2")).isEqualTo("203.0.113.9");
        assertThat(resolver.resolve("192.0.2.1", "203.0.113.9")).isEqualTo("192.0.2.1");
        assertThat(resolver.resolve("10.0.0.2", "garbage")).isEqualTo("10.0.0.2");
        assertThat(resolver.resolve("0:0:0:0:0:0:0:1", null)).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void ipLiteralsAreCanonicalAndNamesAreRejected() {
        assertThat(IpAddresses.canonical("2001:DB8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(IpAddresses.canonical("256.1.1.1")).isNull();
        assertThat(IpAddresses.canonical("example.com")).isNull();
        assertThat(IpAddresses.canonical("1.2.3")).isNull();
    }
}
