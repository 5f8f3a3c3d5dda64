package io.chatengine.gateway.ws;

import static io.chatengine.gateway.ws.GatewayFixture.ROOM;
import static io.chatengine.gateway.ws.GatewayFixture.WAIT;
import static io.chatengine.gateway.ws.GatewayFixture.broadcast;
import static io.chatengine.gateway.ws.GatewayFixture.delivery;
import static io.chatengine.gateway.ws.GatewayFixture.message;
import static io.chatengine.gateway.ws.GatewayFixture.page;
import static io.chatengine.gateway.ws.GatewayFixture.subscribed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatengine.gateway.ws.GatewayFixture.Socket;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.RoomDelivery;
import io.chatengine.testsupport.Await;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link DeliveryWriter} writes a room's deliveries to the sockets of a gateway (real sockets). */
class DeliveryWriterRoomsTest {
    private static final String TYPING = "{\"type\":\"typing\",\"room\":\"team-a\",\"user\":\"bob\"}";
    private final GatewayFixture gateway = new GatewayFixture();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aBroadcastReachesEachSubscribedSocketOnceItsCatchUpIsWrittenTheAuthorWithItsOwnFrame() throws Exception {
        Socket alice = gateway.open("alice");
        Socket bob = gateway.open("bob");
        Socket carol = gateway.open("carol");
        gateway.rooms.subscribe(alice.connection(), ROOM, 0L, null);
        gateway.rooms.subscribe(bob.connection(), ROOM, null, null);
        gateway.write(broadcast(message(1), 1L)); // before the pages, which have it
        gateway.write(page(1, false, List.of(1L), alice));
        gateway.write(page(1, false, List.of(), bob));
        String own = "{\"type\":\"message\",\"room\":\"team-a\",\"seq\":2,\"from\":\"alice\",\"ref\":\"c2\"}";
        Delivery second = delivery(RoomDelivery.BROADCAST, message(2), 2L).setAuthor("alice").setAuthorFrame(own)
                .build();
        gateway.write(second);
        gateway.write(second); // routed again after a crash upstream
        gateway.write(delivery(RoomDelivery.BROADCAST, TYPING, null).setExcept("bob").build());

        alice.gets(message(1), subscribed(1), own, TYPING);
        bob.gets(subscribed(1), message(2));
        carol.gets();
    }

    @Test
    void aSignalReachesOnlySocketsWhoseCatchUpIsWritten() throws Exception {
        Socket live = gateway.subscribedLive("alice", 3);
        Socket catchingUp = gateway.open("carol");
        gateway.rooms.subscribe(catchingUp.connection(), ROOM, 1L, null);
        gateway.write(broadcast(TYPING, null));
        live.gets(TYPING);
        catchingUp.gets();
    }

    @Test
    void theSendersAnswerComesFirstAndAnswersItsSend() throws Exception {
        Socket alice = gateway.subscribedLive("alice", 0);
        Socket bob = gateway.subscribedLive("bob", 0);
        alice.connection().answers().awaitInRoom("m1", "c2", ROOM, "hi", System.nanoTime());
        String sent = "{\"type\":\"sent\",\"ref\":\"c2\",\"id\":\"m1\",\"room\":\"team-a\",\"seq\":1}";
        String own = "{\"type\":\"message\",\"room\":\"team-a\",\"seq\":1,\"from\":\"alice\",\"ref\":\"c2\"}";
        gateway.write(delivery(RoomDelivery.BROADCAST, message(1), 1L, alice).setAnswers("m1").setAnswerFrame(sent)
                .setAuthor("alice").setAuthorFrame(own).build());
        alice.gets(sent, own);
        bob.gets(message(1));
        assertNull(alice.connection().answers().answered("m1"), "answered: the sweep will not say unavailable");
    }

    @Test
    void aRemovedMembersSocketsGetTheirRemovalThenNothingAndTheRoomsLastSocketWithdraws() throws Exception {
        Socket alice = gateway.subscribedLive("alice", 2);
        Socket bobPhone = gateway.subscribedLive("bob", 2);
        Socket bobLaptop = gateway.subscribedLive("bob", 2);
        String removed = "{\"type\":\"member\",\"room\":\"team-a\",\"seq\":3,\"user\":\"bob\",\"change\":\"removed\"}";
        gateway.write(delivery(RoomDelivery.BROADCAST, removed, 3L).setRemoves("bob").build());
        gateway.write(broadcast(message(4), 4L));
        alice.gets(removed, message(4));
        bobPhone.gets(removed);
        bobLaptop.gets(removed);
        assertEquals(List.of(), gateway.records.interestLines().stream().filter(l -> l.startsWith("WITHDRAW")).toList());

        String left = "{\"type\":\"member\",\"room\":\"team-a\",\"seq\":5,\"user\":\"alice\",\"change\":\"left\"}";
        gateway.write(delivery(RoomDelivery.BROADCAST, left, 5L).setRemoves("alice").build());
        alice.gets(left);
        assertEquals("WITHDRAW team-a null null", gateway.records.interestLines().get(3));
    }

    @Test
    void aRefusedSubscribeIsAnsweredAndTheSocketIsNotSubscribed() throws Exception {
        Socket alice = gateway.open("alice");
        gateway.rooms.subscribe(alice.connection(), ROOM, null, null);
        String notFound = "{\"type\":\"error\",\"room\":\"team-a\",\"code\":\"not_found\",\"message\":\"no such room\"}";
        gateway.write(delivery(RoomDelivery.REFUSED, notFound, null, alice).build());
        gateway.write(page(4, false, List.of(), alice)); // a page can no longer reach it
        gateway.write(broadcast(message(5), 5L));
        alice.gets(notFound);
        assertEquals(List.of("SUBSCRIBE team-a " + alice.id() + " null", "WITHDRAW team-a null null"),
                gateway.records.interestLines());
    }

    @Test
    void aCatchUpInPagesAsksForEachNextPageOnceTheOneBeforeIsWrittenFromTheSeqTheSocketHolds() throws Exception {
        Socket alice = gateway.open("alice");
        gateway.rooms.subscribe(alice.connection(), ROOM, 0L, null);
        gateway.write(page(9, true, List.of(1L, 2L, 3L), alice));
        Await.until(WAIT, "the next page asked for", () -> gateway.records.interests.size() == 2);
        assertEquals("SUBSCRIBE team-a " + alice.id() + " 3", gateway.records.interestLines().get(1));
        gateway.write(broadcast(message(4), 4L)); // the next page has it
        gateway.write(page(5, false, List.of(4L, 5L), alice));
        gateway.write(broadcast(message(5), 5L));
        gateway.write(broadcast(message(6), 6L));
        alice.gets(message(1), message(2), message(3), message(4), message(5), subscribed(5), message(6));
        assertEquals(2, gateway.records.interests.size());
    }

    @Test
    void aDirectRoomDeliveryGoesToTheSocketsItNamesOnly() throws Exception {
        Socket phone = gateway.subscribedLive("alice", 0);
        Socket laptop = gateway.subscribedLive("alice", 0);
        phone.connection().answers().awaitInRoom("m9", "c9", ROOM, "hi", System.nanoTime());
        String closed = "{\"type\":\"error\",\"ref\":\"c9\",\"room\":\"team-a\",\"code\":\"forbidden\"}";
        gateway.write(delivery(RoomDelivery.DIRECT, closed, null, phone).setAnswers("m9").build());
        phone.gets(closed);
        laptop.gets();
        assertNull(phone.connection().answers().answered("m9"));
    }

    @Test
    void aDeliveryWithoutARoomIsWrittenToItsUsersConnectionAsBefore() throws Exception {
        Socket alice = gateway.open("alice");
        String welcome = "{\"type\":\"welcome\",\"user\":\"alice\",\"seq\":2}";
        gateway.write(direct(alice, welcome, 2L, true));
        gateway.write(direct(alice, "{\"type\":\"message\",\"seq\":2}", 2L, false));
        gateway.write(direct(alice, "{\"type\":\"message\",\"seq\":3}", 3L, false));
        alice.gets(welcome, "{\"type\":\"message\",\"seq\":3}");
        assertEquals(List.of(), gateway.records.interests, "no room is concerned");
    }

    private static Delivery direct(Socket to, String frame, long seq, boolean welcome) {
        return Delivery.newBuilder().setUser(to.connection().user()).setConnections(List.of(to.id())).setFrame(frame)
                .setSeq(seq).setWelcome(welcome).setThen(List.of()).build();
    }
}
