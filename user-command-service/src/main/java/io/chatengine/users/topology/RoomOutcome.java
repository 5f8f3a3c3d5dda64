package io.chatengine.users.topology;

import io.chatengine.common.ErrorCode;
import io.chatengine.schemas.avro.RoomDecision;

/** What the room topology decides for one command. */
sealed interface RoomOutcome {
    /** The HTTP status the answer will have. */
    int status();

    /** Refused: nothing changes; the asking instance is answered with the code and message. */
    record Refusal(ErrorCode code, String message) implements RoomOutcome {
        @Override
        public int status() {
            return code.status();
        }
    }

    /**
     * Accepted: the room becomes {@code room} and {@code event} (a RoomCreated, MembersAdded, MemberRemoved or
     * RoomClosed) goes to the rooms topic.
     */
    record Changed(Object event, RoomDecision room, int status) implements RoomOutcome {
    }

    /** Accepted, changing nothing: RoomUnchanged, answered as the change would have been. */
    record Unchanged(int status) implements RoomOutcome {
    }
}
