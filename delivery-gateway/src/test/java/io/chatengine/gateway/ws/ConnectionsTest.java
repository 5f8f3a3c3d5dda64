package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.protocol.Disconnect;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sockets a gateway holds, by id and by user ({@link GatewayFixture}: real sockets on this machine). */
class ConnectionsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final GatewayFixture gateway = new GatewayFixture();
    private final Connections connections = gateway.connections;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aConnectionIsFoundByItsIdAndCountedForItsUser() throws Exception {
        Connection phone = open("alice");
        Connection laptop = open("alice");
        Connection bob = open("bob");
        assertSame(phone, connections.get(phone.id()));
        assertEquals(2, connections.count("alice"));
        assertEquals(1, connections.count("bob"));
        assertEquals(0, connections.count("carol"));
        assertEquals(3, connections.size());
        assertEquals(Set.of(phone, laptop, bob), Set.copyOf(connections.all()));
    }

    @Test
    void removingTellsWhetherItWasTheUsersLastSocketHere() throws Exception {
        Connection phone = open("alice");
        Connection laptop = open("alice");
        assertFalse(connections.remove(phone), "the laptop is still here");
        assertNull(connections.get(phone.id()));
        assertEquals(1, connections.count("alice"));
        assertTrue(connections.remove(laptop), "the last one");
        assertEquals(0, connections.count("alice"));
        assertEquals(0, connections.size());
    }

    @Test
    void aDeactivatedUsersSocketsAreClosedWith4003AndNoOneElses() throws Exception {
        GatewayFixture.Socket phone = gateway.open("alice");
        GatewayFixture.Socket laptop = gateway.open("alice");
        GatewayFixture.Socket bob = gateway.open("bob");
        connections.closeDeactivated("alice");
        assertEquals(4003, phone.client().closeCode(WAIT));
        assertEquals(4003, laptop.client().closeCode(WAIT));
        assertFalse(phone.connection().isOpen());
        assertTrue(bob.connection().isOpen());
        assertFalse(bob.client().isClosed());
    }

    @Test
    void awaitingEmptyReturnsOnceTheLastSocketIsRemoved() throws Exception {
        Connection alice = open("alice");
        CompletableFuture<Void> emptied = CompletableFuture.runAsync(() -> connections.awaitEmpty(WAIT));
        Thread.yield();
        assertFalse(emptied.isDone(), "a socket is still here");
        alice.close(Disconnect.SHUTTING_DOWN);
        connections.remove(alice);
        emptied.get(WAIT.toMillis() / 2, TimeUnit.MILLISECONDS);
    }

    @Test
    void awaitingEmptyGivesUpAtItsTimeout() throws Exception {
        open("alice");
        long started = System.nanoTime();
        connections.awaitEmpty(Duration.ofMillis(200));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMillis >= 190 && waitedMillis < WAIT.toMillis(), "waited " + waitedMillis + " ms");
        assertEquals(1, connections.size());
    }

    private Connection open(String user) throws Exception {
        return gateway.open(user).connection();
    }
}
