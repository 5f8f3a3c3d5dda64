package io.chatengine.common;

/**
 * Every error a client can see, with its HTTP status (for HTTP answers and refusals before the WebSocket
 * upgrade) and its wire code (the {@code error} field of a JSON body or of a WebSocket error frame).
 */
public enum ErrorCode {
    BAD_REQUEST(400, "bad_request"),
    INVALID_USERNAME(400, "invalid_username"),
    INVALID_ROOM(400, "invalid_room"),
    /** A room member that does not exist or is deactivated (a request's mistake, not the caller's identity). */
    UNKNOWN_MEMBER(400, "unknown_user"),
    INVALID_TOKEN(401, "invalid_token"),
    TOKEN_EXPIRED(401, "token_expired"),
    FORBIDDEN(403, "forbidden"),
    UNKNOWN_USER(403, "unknown_user"),
    FORBIDDEN_ORIGIN(403, "forbidden_origin"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    USERNAME_TAKEN(409, "username_taken"),
    ROOM_TAKEN(409, "room_taken"),
    ROOM_FULL(409, "room_full"),
    TOO_MANY_ROOMS(409, "too_many_rooms"),
    OWNER_CANNOT_LEAVE(409, "owner_cannot_leave"),
    IDEMPOTENCY_MISMATCH(422, "idempotency_key_reused"),
    REF_CONFLICT(409, "ref_conflict"),
    TOO_LARGE(413, "too_large"),
    HEADERS_TOO_LARGE(431, "headers_too_large"),
    UNKNOWN_RECIPIENT(404, "unknown_recipient"),
    RATE_LIMITED(429, "rate_limited"),
    TOO_MANY_CONNECTIONS(429, "too_many_connections"),
    UNAVAILABLE(503, "unavailable");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
