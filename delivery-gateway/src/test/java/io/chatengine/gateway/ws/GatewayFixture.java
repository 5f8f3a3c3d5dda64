package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.RoomDelivery;
import io.chatengine.schemas.avro.SequencedFrame;
import io.chatengine.testsupport.WsClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Sockets of several users on one {@link TestSockets} server, registered as a gateway's connections, with the
 * gateway's room interests (recorded, not written) and its {@link DeliveryWriter}: the gateway's state without its
 * handshake and Kafka, for tests of the classes that hold it.
 */
final class GatewayFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final String ROOM = "team-a";
    final TestSockets sockets = new TestSockets(1 << 20);
    final Connections connections = new Connections();
    final RecordedRoomRecords records = new RecordedRoomRecords();
    final RoomInterests rooms = new RoomInterests("gw-1", 7L, records);
    final DeliveryWriter writer = new DeliveryWriter(connections, rooms, new SimpleMeterRegistry());
    private final List<WsClient> clients = new ArrayList<>();
    private long offset;

    /** A client and its socket on the gateway. */
    record Socket(WsClient client, Connection connection) {
        String id() {
            return connection.id();
        }

        /** The next frames the client gets are these, and nothing before a marker sent after them. */
        void gets(String... frames) {
            String marker = "{\"type\":\"marker\",\"n\":" + System.nanoTime() + "}";
            connection.send(marker);
            for (String frame : frames) {
                assertEquals(frame, client.next(WAIT).toString());
            }
            assertEquals(marker, client.next(WAIT).toString(), "nothing more");
        }
    }

    Socket open(String user) throws Exception {
        return connect("user=" + user);
    }

    /** A socket of {@code user} that resumes from {@code since}. */
    Socket resuming(String user, long since) throws Exception {
        return connect("user=" + user + "&since=" + since);
    }

    private Socket connect(String query) throws Exception {
        WsClient client = WsClient.connect(sockets.url(), null, query);
        clients.add(client);
        Connection connection = sockets.next();
        connections.add(connection);
        return new Socket(client, connection);
    }

    /** Subscribes the socket from {@code since} and writes the one page that answers it: live from {@code latest}. */
    Socket subscribedLive(String user, long latest) throws Exception {
        Socket socket = open(user);
        rooms.subscribe(socket.connection(), ROOM, latest, null);
        write(page(latest, false, List.of(), socket));
        socket.gets(subscribed(latest));
        return socket;
    }

    void write(Delivery delivery) {
        writer.write(new ConsumerRecord<>("gateway.gw-1", 0, offset++, delivery.getRoom(), delivery));
    }

    /** A room delivery ({@code then} set: Avro will not build a default of a record type it does not trust). */
    static Delivery.Builder delivery(RoomDelivery kind, String frame, Long seq, Socket... to) {
        return Delivery.newBuilder().setThen(List.of()).setUser(ROOM).setRoom(ROOM).setRoomDelivery(kind).setFrame(frame).setSeq(seq)
                .setConnections(Arrays.stream(to).map(Socket::id).toList());
    }

    static Delivery broadcast(String frame, Long seq) {
        return delivery(RoomDelivery.BROADCAST, frame, seq).build();
    }

    static Delivery page(long latest, boolean more, List<Long> seqs, Socket... to) {
        return delivery(RoomDelivery.PAGE, more ? "" : subscribed(latest), latest, to).setMore(more)
                .setThen(seqs.stream().map(seq -> new SequencedFrame(seq, message(seq))).toList()).build();
    }

    static String message(long seq) {
        return "{\"type\":\"message\",\"room\":\"" + ROOM + "\",\"seq\":" + seq + ",\"from\":\"carol\",\"text\":\"m"
                + seq + "\"}";
    }

    static String subscribed(long seq) {
        return "{\"type\":\"subscribed\",\"room\":\"" + ROOM + "\",\"seq\":" + seq + "}";
    }

    @Override
    public void close() {
        clients.forEach(WsClient::close);
        sockets.close();
    }
}
