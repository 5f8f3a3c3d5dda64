package io.chatengine.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AddressRateTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private final AddressRate rate = new AddressRate(20);

    @Test
    void anAddressGetsABurstOfTwiceItsRateThenItsRate() {
        for (int i = 0; i < 40; i++) {
            assertTrue(rate.tryAcquire(peer("10.0.0.1"), 0), "handshake " + i);
        }
        assertFalse(rate.tryAcquire(peer("10.0.0.1"), 0));
        assertFalse(rate.tryAcquire(peer("10.0.0.1"), SECOND / 40), "half a token later");
        assertTrue(rate.tryAcquire(peer("10.0.0.1"), SECOND / 20));
    }

    @Test
    void otherAddressesAreUnaffected() {
        for (int i = 0; i < 41; i++) {
            rate.tryAcquire(peer("10.0.0.1"), 0);
        }
        assertTrue(rate.tryAcquire(peer("10.0.0.2"), 0));
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        for (int i = 0; i < 40; i++) {
            assertTrue(rate.tryAcquire(peer("2001:db8:1:2::" + Integer.toHexString(i + 1)), 0));
        }
        assertFalse(rate.tryAcquire(peer("2001:db8:1:2::ffff"), 0), "the same /64");
        assertTrue(rate.tryAcquire(peer("2001:db8:1:3::1"), 0), "another /64");
    }

    @Test
    void theTableIsBounded() {
        for (int i = 0; i < AddressRate.MAX_ADDRESSES + 5_000; i++) {
            rate.tryAcquire(peer("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), 0);
        }
        assertEquals(AddressRate.MAX_ADDRESSES, rate.size());
    }

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(address, 40_000);
    }
}
