package io.pathstats.query.rollout.routing;

import java.util.List;
import java.util.Set;

/**
 * The client's IP for routing: the connection's peer, or, when that peer is a configured trusted
 * proxy, the right-most address in X-Forwarded-For that is not itself a trusted proxy. Headers
 * from anyone else are ignored, so a client cannot pick its own bucket.
 */
public final class ClientIpResolver {
    private final Set<String> trustedProxies;

    public ClientIpResolver(List<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies.stream().map(IpAddresses::canonical).toList());
    }

    public String resolve(String peer, String forwardedFor) {
        String client = IpAddresses.canonical(peer);
        if (client == null || !trustedProxies.contains(client) || forwardedFor == null || forwardedFor.isBlank()) {
            return client;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = IpAddresses.canonical(hops[i]);
            if (hop == null) {
                return client; // a malformed chain is not trusted any further
            }
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return client;
    }
}
