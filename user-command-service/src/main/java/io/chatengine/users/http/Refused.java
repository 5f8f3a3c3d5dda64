package io.chatengine.users.http;

import io.chatengine.common.ErrorCode;

/** A request body that asks for nothing, and what to answer: a 4xx code and a message for the client. */
public final class Refused extends Exception {
    private final ErrorCode code;

    public Refused(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
