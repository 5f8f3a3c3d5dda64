package io.chatengine.gateway.ws;

import static io.chatengine.gateway.ws.GatewayFixture.ROOM;
import static io.chatengine.gateway.ws.GatewayFixture.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.users.Accounts;
import io.chatengine.gateway.ws.GatewayFixture.Socket;
import io.chatengine.schemas.avro.RoomInterest;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.testsupport.FixedAccounts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a socket's room, typing and read frames write to Kafka and answer ({@link RoomFrames}, real sockets). */
class RoomFramesTest {
    private final GatewayFixture gateway = new GatewayFixture();
    private final Accounts users = FixedAccounts.active("alice", "bob");
    private final RoomFrames frames = new RoomFrames("gw-1", users, gateway.records, gateway.rooms,
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aSubscribeAsksEachRoomFromWhatTheClientHoldsAndAgainFromWhatTheSocketHolds() throws Exception {
        Socket alice = gateway.open("alice");
        Map<String, Long> rooms = new LinkedHashMap<>();
        rooms.put(ROOM, 16L);
        rooms.put("ops", null);
        frames.handle(alice.connection(), new ClientFrame.Subscribe(rooms, "s1"));
        RoomInterest first = gateway.records.interests.get(0);
        assertEquals(List.of("gw-1", 7L, alice.id(), "alice"), List.of(first.getGateway(), first.getEpoch(),
                first.getConnection(), first.getUser()));
        gateway.write(GatewayFixture.page(18, false, List.of(17L, 18L), alice));
        frames.handle(alice.connection(), new ClientFrame.Subscribe(Map.of(ROOM, 2L), null));
        assertEquals(List.of("SUBSCRIBE team-a " + alice.id() + " 16", "SUBSCRIBE ops " + alice.id() + " null",
                "SUBSCRIBE team-a " + alice.id() + " 18"), gateway.records.interestLines());
    }

    @Test
    void anUnsubscribeIsAnsweredAndTheRoomsLastSocketHereWithdraws() throws Exception {
        Socket phone = gateway.open("alice");
        Socket laptop = gateway.open("alice");
        frames.handle(phone.connection(), new ClientFrame.Subscribe(Map.of(ROOM, 0L), null));
        frames.handle(laptop.connection(), new ClientFrame.Subscribe(Map.of(ROOM, 0L), null));
        frames.handle(phone.connection(), new ClientFrame.Unsubscribe(List.of(ROOM, "ops"), null));
        phone.gets("{\"type\":\"unsubscribed\",\"rooms\":[\"team-a\",\"ops\"]}");
        assertEquals(2, gateway.records.interests.size(), "the laptop is still subscribed");
        gateway.rooms.closed(laptop.connection());
        assertEquals("WITHDRAW team-a null null", gateway.records.interestLines().get(2));
    }

    @Test
    void aSubscribePastAThousandRoomsIsRefusedWhole() throws Exception {
        Socket alice = gateway.open("alice");
        Map<String, Long> rooms = new LinkedHashMap<>();
        for (int i = 0; i < 999; i++) {
            rooms.put("room" + i, null);
        }
        frames.handle(alice.connection(), new ClientFrame.Subscribe(rooms, null));
        FrameError error = assertThrows(FrameError.class, () -> frames.handle(alice.connection(),
                new ClientFrame.Subscribe(Map.of("one-more", 0L, "two-more", 0L), "s2")));
        assertEquals(ErrorCode.BAD_REQUEST, error.code());
        assertEquals("s2", error.ref());
        assertEquals(999, gateway.records.interests.size(), "neither was subscribed");
        frames.handle(alice.connection(), new ClientFrame.Subscribe(Map.of("one-more", 0L, "room5", 0L), null));
        assertEquals(1001, gateway.records.interests.size());
    }

    @Test
    void subscribeFramesAreRateLimitedAsWatchFramesAre() throws Exception {
        Socket alice = gateway.open("alice"); // TestSockets: two a second, bursts of four
        for (int i = 0; i < 4; i++) {
            frames.handle(alice.connection(), new ClientFrame.Subscribe(Map.of(ROOM, 0L), null));
        }
        FrameError error = assertThrows(FrameError.class, () -> frames.handle(alice.connection(),
                new ClientFrame.Subscribe(Map.of(ROOM, 0L), "s5")));
        assertEquals(ErrorCode.RATE_LIMITED, error.code());
        assertEquals(4, gateway.records.interests.size());
    }

    @Test
    void aSubscribeKafkaDidNotTakeIsNotKeptAndTheClientIsToldToSubscribeAgain() throws Exception {
        Socket alice = gateway.open("alice");
        gateway.records.refusing = true;
        frames.handle(alice.connection(), new ClientFrame.Subscribe(Map.of(ROOM, 4L), "s1"));
        alice.gets("{\"type\":\"error\",\"ref\":\"s1\",\"room\":\"team-a\",\"code\":\"unavailable\","
                + "\"message\":\"the subscription was not accepted; subscribe again\"}");
        assertNull(gateway.rooms.gate(alice.connection(), ROOM));
    }

    @Test
    void announcingAgainAsksEverySubscriptionFromWhatItsSocketHoldsAndHoldsLiveFramesForThePage() throws Exception {
        Socket alice = gateway.subscribedLive("alice", 5);
        Socket bob = gateway.open("bob");
        frames.handle(bob.connection(), new ClientFrame.Subscribe(Map.of("ops", 2L), null));
        gateway.rooms.announceAgain();
        List<String> lines = gateway.records.interestLines();
        assertEquals(Set.of("SUBSCRIBE team-a " + alice.id() + " 5", "SUBSCRIBE ops " + bob.id() + " 2"),
                Set.copyOf(lines.subList(lines.size() - 2, lines.size())));
        gateway.write(GatewayFixture.broadcast(GatewayFixture.message(7), 7L));
        gateway.write(GatewayFixture.page(7, false, List.of(6L, 7L), alice));
        alice.gets(GatewayFixture.message(6), GatewayFixture.message(7), GatewayFixture.subscribed(7));
    }

    @Test
    void aRoomSendIsWrittenKeyedByRoomWithItsIdAndAwaitsItsAnswer() throws Exception {
        Socket alice = gateway.open("alice");
        frames.handle(alice.connection(), new ClientFrame.RoomSend(ROOM, "hi", "c2"));
        frames.handle(alice.connection(), new ClientFrame.RoomSend(ROOM, "hi", "c2")); // on its way: not again
        RoomSend send = gateway.records.sends.get(0);
        assertEquals(1, gateway.records.sends.size());
        assertEquals(List.of(RoomIds.messageId("alice", ROOM, "c2"), ROOM, "alice", "c2", "hi", "gw-1", alice.id()),
                List.of(send.getId(), send.getRoom(), send.getFrom(), send.getRef(), send.getText(), send.getGateway(),
                        send.getConnection()));
        assertEquals("c2", alice.connection().answers().answered(send.getId()).ref());
    }

    @Test
    void aRoomSendKafkaDidNotTakeIsAnsweredUnavailableWithItsRoom() throws Exception {
        Socket alice = gateway.open("alice");
        gateway.records.refusing = true;
        frames.handle(alice.connection(), new ClientFrame.RoomSend(ROOM, "hi", "c3"));
        alice.gets("{\"type\":\"error\",\"ref\":\"c3\",\"room\":\"team-a\",\"code\":\"unavailable\","
                + "\"message\":\"the message was not accepted; send it again with the same ref\"}");
    }

    @Test
    void typingIsForwardedOncePerTwoSecondsPerConversationTheRestDroppedSilently() throws Exception {
        Socket alice = gateway.open("alice");
        for (int i = 0; i < 5; i++) {
            frames.handle(alice.connection(), new ClientFrame.Typing(ROOM, null, null));
            frames.handle(alice.connection(), new ClientFrame.Typing(null, "bob", null));
        }
        assertEquals(2, gateway.records.signals.size());
        assertTrue(gateway.records.signals.get(0).startsWith("team-a "), gateway.records.signals.get(0));
        assertTrue(gateway.records.signals.get(0).contains("\"kind\": \"TYPING\""), gateway.records.signals.get(0));
        assertTrue(gateway.records.signals.get(1).startsWith("bob "), "keyed by the recipient");
        alice.gets();
    }

    @Test
    void typingToAUserWhoIsNotActiveIsAnUnknownRecipient() throws Exception {
        Socket alice = gateway.open("alice");
        FrameError error = assertThrows(FrameError.class,
                () -> frames.handle(alice.connection(), new ClientFrame.Typing(null, "nobody", "t1")));
        assertEquals(ErrorCode.UNKNOWN_RECIPIENT, error.code());
        assertEquals(List.of(), gateway.records.signals);
    }

    @Test
    void aDirectReadIsKeyedByTheReaderAndReadsAreRateLimited() throws Exception {
        Socket alice = gateway.open("alice");
        frames.handle(alice.connection(), new ClientFrame.Read(null, "bob", 42, null));
        String read = gateway.records.signals.get(0);
        assertTrue(read.startsWith("alice ") && read.contains("\"to\": \"bob\"") && read.contains("\"seq\": 42"), read);
        FrameError limited = null;
        for (int i = 0; i < 4 * Connection.READS_PER_SECOND + 1 && limited == null; i++) {
            try {
                frames.handle(alice.connection(), new ClientFrame.Read(ROOM, null, i, "r" + i));
            } catch (FrameError e) {
                limited = e;
            }
        }
        assertEquals(ErrorCode.RATE_LIMITED, limited == null ? null : limited.code());
        assertTrue(gateway.records.signals.get(1).startsWith("team-a "), "a room read is keyed by the room");
    }

    @Test
    void aDeactivatedUsersRoomSendIsForbiddenAndItsSocketClosed() throws Exception {
        Socket carol = gateway.open("carol");
        frames.handle(carol.connection(), new ClientFrame.RoomSend(ROOM, "hi", "c1"));
        assertEquals("forbidden", carol.client().next(WAIT).path("code").asText());
        assertEquals(4003, carol.client().closeCode(WAIT));
        assertEquals(List.of(), gateway.records.sends);
    }
}
