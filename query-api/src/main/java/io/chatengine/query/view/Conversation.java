package io.chatengine.query.view;

import io.chatengine.schemas.avro.InboxEntry;

/** One line of a user's conversation list: a direct conversation or a room, ordered by {@link #activity()}. */
public sealed interface Conversation {
    /** When the conversation last changed (epoch millis): the {@code at} of its last frame. */
    long activity();

    /** The first key of the order among conversations with the same activity, so that a page is stable. */
    String name();

    /**
     * A direct conversation: the owner's latest message with {@code with}; {@code read} and {@code unread} in the
     * owner's seqs; {@code theirRead} the owner's seq of the latest message {@code with} has read (0: none known).
     */
    record Direct(String with, InboxEntry last, long unread, long read, long theirRead) implements Conversation {
        @Override
        public long activity() {
            return last.getAt().toEpochMilli();
        }

        @Override
        public String name() {
            return with;
        }

        public Direct withTheirRead(long seq) {
            return new Direct(with, last, unread, read, seq);
        }
    }

    /**
     * A room: its latest seq, its newest frame rendered as a room frame ({@code last}, null when it has none),
     * the member's unread and read, and its activity (the last frame's time, else when it was created).
     */
    record InRoom(String room, String title, long seq, String last, long unread, long read, long activity)
            implements Conversation {
        @Override
        public String name() {
            return room;
        }
    }
}
