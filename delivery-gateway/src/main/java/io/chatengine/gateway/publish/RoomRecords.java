package io.chatengine.gateway.publish;

import io.chatengine.schemas.avro.RoomInterest;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.Signal;
import java.util.concurrent.CompletableFuture;

/**
 * What the gateway writes to Kafka about rooms, typing and reads ({@link Publisher} writes them; tests record
 * them). Each future completes once Kafka has the record, or fails.
 */
public interface RoomRecords {
    /** A socket's subscribe (or the next page of its catch-up), or the gateway's withdrawal; keyed by room. */
    CompletableFuture<Void> roomInterest(RoomInterest interest);

    /** A room message, keyed by room: the room's processor decides it. */
    CompletableFuture<Void> roomSend(RoomSend send);

    /** Typing or a read in a room, keyed by room. */
    CompletableFuture<Void> roomSignal(Signal signal);

    /** Typing to a user (keyed by the recipient) or a direct read (keyed by the reader). */
    CompletableFuture<Void> userSignal(String key, Signal signal);
}
