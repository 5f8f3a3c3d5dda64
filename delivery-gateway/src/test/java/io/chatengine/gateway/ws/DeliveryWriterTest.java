package io.chatengine.gateway.ws;

import static io.chatengine.gateway.ws.GatewayFixture.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatengine.gateway.ws.GatewayFixture.Socket;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.SequencedFrame;
import io.chatengine.testsupport.Await;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link DeliveryWriter} writes a user's deliveries (welcomes, their backlog, messages, the answers to sends)
 * to that user's sockets on a gateway (real sockets); a room's are {@link DeliveryWriterRoomsTest}'s.
 */
class DeliveryWriterTest {
    private final GatewayFixture gateway = new GatewayFixture();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aMessageReachesTheSocketsItNamesAndNoOtherSocketOfTheUser() throws Exception {
        Socket phone = gateway.open("alice");
        Socket laptop = gateway.open("alice");
        gateway.write(welcome(0, phone));
        gateway.write(welcome(0, laptop));
        gateway.write(live(message(1), 1, phone));
        phone.gets(welcome(0), message(1));
        laptop.gets(welcome(0));
    }

    @Test
    void aSocketThatIsNoLongerHereIsPassedOver() throws Exception {
        Socket phone = gateway.open("alice");
        Socket laptop = gateway.open("alice");
        gateway.connections.remove(laptop.connection());
        gateway.write(welcome(0, laptop, phone));
        gateway.write(live(message(1), 1, laptop, phone));
        phone.gets(welcome(0), message(1));
        laptop.gets();
    }

    @Test
    void aResumeIsItsWelcomeThenTheBacklogInOrderEachSeqOnceNoneTheClientHolds() throws Exception {
        Socket alice = gateway.resuming("alice", 1);
        gateway.write(user(welcome(3), 3L, true, alice).setThen(frames(1, 2, 3)).build());
        gateway.write(live(message(3), 3, alice)); // routed again after a crash upstream
        gateway.write(live(message(4), 4, alice));
        alice.gets(welcome(3), message(2), message(3), message(4));
        assertEquals(4L, alice.connection().held());
    }

    @Test
    void aResumeInPagesHoldsLiveMessagesBackAndAsksForTheNextPageOnceThePageIsWritten() throws Exception {
        Socket alice = gateway.resuming("alice", 0);
        gateway.write(user(welcome(9), 9L, true, alice).setThen(frames(1, 2)).setMore(true).build());
        gateway.write(live(message(8), 8, alice)); // the next page has it
        Await.until(WAIT, "the next page asked for", () -> gateway.sockets.pagesAskedFor() == 1);
        alice.gets(welcome(9), message(1), message(2));
        assertEquals(2L, alice.connection().held(), "what it would resume from");
    }

    @Test
    void aWelcomeOfDeliveryV3CarriesItsSeqInItsFrameAndTheSocketHoldsEverythingUpToIt() throws Exception {
        Socket alice = gateway.open("alice");
        gateway.write(user(welcome(5), null, true, alice).build()); // no seq beside the frame
        gateway.write(live(message(5), 5, alice));
        gateway.write(live(message(6), 6, alice));
        alice.gets(welcome(5), message(6));
    }

    @Test
    void theSendersCopyAnswersItsSendSoTheSweepDoesNotSayUnavailable() throws Exception {
        Socket phone = gateway.open("alice");
        Socket laptop = gateway.open("alice");
        gateway.write(welcome(0, phone, laptop));
        phone.connection().answers().await("m1", "c1", "bob", "hi", System.nanoTime());
        laptop.connection().answers().await("m1", "c1", "bob", "hi", System.nanoTime()); // the same ref elsewhere
        String sent = "{\"type\":\"sent\",\"ref\":\"c1\",\"id\":\"m1\",\"seq\":1}";
        gateway.write(user(sent, 1L, false, phone).setAnswers("m1").build());
        phone.gets(welcome(0), sent);
        assertNull(phone.connection().answers().answered("m1"), "answered");
        assertNotNull(laptop.connection().answers().answered("m1"), "only the socket it was written to");
    }

    private static Delivery welcome(long seq, Socket... to) {
        return user(welcome(seq), seq, true, to).build();
    }

    private static Delivery live(String frame, long seq, Socket... to) {
        return user(frame, seq, false, to).build();
    }

    private static Delivery.Builder user(String frame, Long seq, boolean welcome, Socket... to) {
        return Delivery.newBuilder().setUser("alice").setConnections(Arrays.stream(to).map(Socket::id).toList())
                .setFrame(frame).setSeq(seq).setWelcome(welcome).setThen(List.of());
    }

    private static List<SequencedFrame> frames(long... seqs) {
        return Arrays.stream(seqs).mapToObj(seq -> new SequencedFrame(seq, message(seq))).toList();
    }

    private static String welcome(long seq) {
        return "{\"type\":\"welcome\",\"user\":\"alice\",\"seq\":" + seq + "}";
    }

    private static String message(long seq) {
        return "{\"type\":\"message\",\"seq\":" + seq + ",\"from\":\"bob\",\"text\":\"m" + seq + "\"}";
    }
}
