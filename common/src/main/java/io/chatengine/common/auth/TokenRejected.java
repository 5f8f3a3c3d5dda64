package io.chatengine.common.auth;

/**
 * A token that opens nothing. {@link #code()} is all the client learns; {@link #getMessage()} is the reason,
 * for the log.
 */
public final class TokenRejected extends Exception {
    private final String code;

    private TokenRejected(String code, String reason) {
        super(reason);
        this.code = code;
    }

    public static TokenRejected invalid(String reason) {
        return new TokenRejected("invalid_token", reason);
    }

    public static TokenRejected expired(String reason) {
        return new TokenRejected("token_expired", reason);
    }

    public String code() {
        return code;
    }

    public boolean expired() {
        return "token_expired".equals(code);
    }
}
