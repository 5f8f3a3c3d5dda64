package io.chatengine.common.protocol;

/**
 * Every reason the gateway closes a socket, with its WebSocket close code and the reason text sent with it
 * (docs/protocol.md, "Close codes", lists the same). The reason says what to do, whether to reconnect among
 * it, so a client that only logs it still tells its user something useful.
 */
public enum Disconnect {
    IDLE(1000, "idle: no frame or pong for too long; reconnect and resume"),
    SHUTTING_DOWN(1001, "the gateway is shutting down; reconnect and resume"),
    NOT_ANNOUNCED(1001, "the connection could not be announced; reconnect and resume"),
    BINARY_FRAME(1003, "binary frames are not supported; send text frames"),
    /** Undertow closes with this itself, as RFC 6455 requires; named here so that every close has a home. */
    TEXT_NOT_UTF8(1007, "a text frame that is not UTF-8; send UTF-8"),
    FRAME_TOO_LARGE(1009, "frame too large; send smaller frames"),
    TOKEN_EXPIRED(4001, "token expired; reconnect with a new token"),
    USER_DEACTIVATED(4003, "user deactivated; do not reconnect"),
    TOO_MANY_ERRORS(4008, "too many errors; slow down, then reconnect"),
    TOO_SLOW(4009, "too slow: frames were not read; reconnect and resume");

    private final int code;
    private final String reason;

    Disconnect(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    /** The close frame's reason: what happened and what the client should do (at most 123 bytes). */
    public String reason() {
        return reason;
    }
}
