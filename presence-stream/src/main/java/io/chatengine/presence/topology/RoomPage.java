package io.chatengine.presence.topology;

import io.chatengine.common.protocol.Frames;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.SequencedFrame;
import java.util.ArrayList;
import java.util.function.Predicate;

/**
 * A subscribe's catch-up: a PAGE delivery taking the room's frames while they fit
 * {@link UserProcessor#MAX_DELIVERY_CHARS}; past that, it is marked more and the gateway subscribes again from
 * the seq the socket then holds. The subscriber's own messages carry their ref, as on its live sockets.
 */
final class RoomPage implements Predicate<RoomEntry> {
    final Delivery delivery;
    private final String subscriber;
    private int chars;

    RoomPage(Delivery page, String subscriber) {
        page.setThen(new ArrayList<>());
        this.delivery = page;
        this.subscriber = subscriber;
        this.chars = page.getFrame().length();
    }

    @Override
    public boolean test(RoomEntry entry) {
        String frame = Frames.room(entry, subscriber.equals(entry.getFrom()));
        chars += frame.length();
        if (chars > UserProcessor.MAX_DELIVERY_CHARS && !delivery.getThen().isEmpty()) {
            delivery.setMore(true);
            return false;
        }
        delivery.getThen().add(new SequencedFrame(entry.getSeq(), frame));
        return true;
    }
}
