package io.chatengine.gateway.ws;

import java.util.List;

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
}
