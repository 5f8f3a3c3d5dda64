package io.chatengine.gateway.ws;

import java.util.List;
import java.util.Map;

/** A valid frame from a client. */
public sealed interface ClientFrame {
    /** A direct message; the sender is the connection's user, never a field of the frame. */
    record Send(String to, String text, String ref) implements ClientFrame {
    }

    /** The full list of users whose presence this connection wants. */
    record Watch(List<String> users) implements ClientFrame {
    }

    /** A new token for this connection's user, which moves the connection's expiry. */
    record Refresh(String token, String ref) implements ClientFrame {
    }

    /**
     * Rooms to subscribe, in the order asked, each with the room seq the client holds (null: none, live from now).
     * The map keeps null values, so it is not a {@code Map.copyOf}.
     */
    record Subscribe(Map<String, Long> rooms, String ref) implements ClientFrame {
    }

    /** Rooms whose frames this socket no longer wants. */
    record Unsubscribe(List<String> rooms, String ref) implements ClientFrame {
    }

    /** A message to a room (a send with {@code room} instead of {@code to}). */
    record RoomSend(String room, String text, String ref) implements ClientFrame {
    }

    /** Typing now, in a room or to a user: exactly one of {@code room} and {@code to}. */
    record Typing(String room, String to, String ref) implements ClientFrame {
    }

    /**
     * Read up to {@code seq}: a room seq ({@code room}), or the reader's own inbox seq in the conversation with
     * {@code with}; exactly one of them.
     */
    record Read(String room, String with, long seq, String ref) implements ClientFrame {
    }
}
