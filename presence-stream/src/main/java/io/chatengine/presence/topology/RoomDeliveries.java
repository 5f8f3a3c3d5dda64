package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.RoomDelivery;
import java.util.List;

/**
 * The four shapes of a room's delivery to a gateway (see Delivery's {@code roomDelivery}). {@code user} is the
 * user the delivery is about: the socket's user for a page, a refusal or an answer; the author, member, typer or
 * reader of a broadcast frame.
 */
final class RoomDeliveries {
    private RoomDeliveries() {
    }

    /** A frame to every socket of the gateway subscribed to the room; {@code seq} null for a signal. */
    static Delivery broadcast(String room, String user, String frame, Long seq) {
        return delivery(room, RoomDelivery.BROADCAST, user, List.of(), frame, seq);
    }

    /** A subscribe's catch-up for one socket: {@code then}, and unless {@code more} the subscribed frame. */
    static Delivery page(String room, String user, String connection, String subscribed, long latest) {
        return delivery(room, RoomDelivery.PAGE, user, List.of(connection), subscribed, latest);
    }

    /** An error to a socket that is not subscribed to the room. */
    static Delivery refused(String room, String user, String connection, String error) {
        return delivery(room, RoomDelivery.REFUSED, user, List.of(connection), error, null);
    }

    /** A frame to one socket only: a send's answer or error, for the message id {@code answers}. */
    static Delivery direct(String room, String user, String connection, String frame, String answers) {
        Delivery delivery = delivery(room, RoomDelivery.DIRECT, user, List.of(connection), frame, null);
        delivery.setAnswers(answers);
        return delivery;
    }

    private static Delivery delivery(String room, RoomDelivery kind, String user, List<String> connections,
                                     String frame, Long seq) {
        Delivery delivery = GatewayRecords.delivery(user, connections, frame, seq);
        delivery.setRoom(room);
        delivery.setRoomDelivery(kind);
        return delivery;
    }
}
