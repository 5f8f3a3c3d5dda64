package io.chatengine.gateway.ws;

import io.chatengine.common.ErrorCode;

/** A client frame that is refused with an error frame; the connection stays open. */
public final class FrameError extends Exception {
    private final ErrorCode code;
    private final String ref;

    public FrameError(ErrorCode code, String ref, String message) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    public String ref() {
        return ref;
    }
}
