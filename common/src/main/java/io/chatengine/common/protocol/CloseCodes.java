package io.chatengine.common.protocol;

/** WebSocket close codes the gateway uses; docs/protocol.md lists them. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int UNSUPPORTED_DATA = 1003;
    /** A text frame that is not UTF-8: Undertow closes the socket with this itself, as RFC 6455 requires. */
    public static final int INVALID_PAYLOAD = 1007;
    public static final int TOO_BIG = 1009;
    public static final int TOKEN_EXPIRED = 4001;
    public static final int USER_DEACTIVATED = 4003;
    public static final int TOO_MANY_ERRORS = 4008;
    public static final int TOO_SLOW = 4009;

    private CloseCodes() {
    }
}
