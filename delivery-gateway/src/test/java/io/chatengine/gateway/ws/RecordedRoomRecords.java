package io.chatengine.gateway.ws;

import io.chatengine.gateway.publish.RoomRecords;
import io.chatengine.schemas.avro.RoomInterest;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.Signal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Room records as Kafka would take them (or refuse them, while {@link #refusing}), kept in order for tests. */
final class RecordedRoomRecords implements RoomRecords {
    final List<RoomInterest> interests = new CopyOnWriteArrayList<>();
    final List<RoomSend> sends = new CopyOnWriteArrayList<>();
    final List<String> signals = new CopyOnWriteArrayList<>();
    volatile boolean refusing;

    @Override
    public CompletableFuture<Void> roomInterest(RoomInterest interest) {
        interests.add(interest);
        return written();
    }

    @Override
    public CompletableFuture<Void> roomSend(RoomSend send) {
        sends.add(send);
        return written();
    }

    @Override
    public CompletableFuture<Void> roomSignal(Signal signal) {
        signals.add(signal.getRoom() + " " + signal);
        return written();
    }

    @Override
    public CompletableFuture<Void> userSignal(String key, Signal signal) {
        signals.add(key + " " + signal);
        return written();
    }

    /** Each interest as "KIND room connection since", for short assertions. */
    List<String> interestLines() {
        return interests.stream().map(i -> i.getKind() + " " + i.getRoom() + " " + i.getConnection() + " "
                + i.getSince()).toList();
    }

    private CompletableFuture<Void> written() {
        return refusing ? CompletableFuture.failedFuture(new IllegalStateException("Kafka is away"))
                : CompletableFuture.completedFuture(null);
    }
}
