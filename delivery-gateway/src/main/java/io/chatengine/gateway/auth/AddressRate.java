package io.chatengine.gateway.auth;

import io.chatengine.gateway.ws.RateLimiter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Handshakes per client address: a token bucket for each, {@code perSecond} on average in bursts of twice that.
 * The address is the socket's peer: behind a proxy, all clients share the proxy's. An IPv6 address counts by its
 * /64, which one client commonly holds whole. At most {@link #MAX_ADDRESSES} buckets are kept; the address seen
 * least recently is forgotten first and starts again with a full bucket.
 */
public final class AddressRate {
    static final int MAX_ADDRESSES = 10_000;
    private final int perSecond;
    private final Map<Key, RateLimiter> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, RateLimiter> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public AddressRate(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Whether one more handshake from this peer is allowed now; an unknown peer always is. */
    public synchronized boolean tryAcquire(InetSocketAddress peer, long nowNanos) {
        if (peer == null || peer.getAddress() == null) {
            return true;
        }
        return buckets.computeIfAbsent(Key.of(peer.getAddress()), key -> new RateLimiter(perSecond, 2 * perSecond,
                nowNanos)).tryAcquire(nowNanos);
    }

    synchronized int size() {
        return buckets.size();
    }

    private record Key(byte[] bytes) {
        static Key of(InetAddress address) {
            byte[] bytes = address.getAddress();
            return new Key(address instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(bytes, key.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
