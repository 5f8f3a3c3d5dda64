package io.chatengine.presence;

import io.chatengine.common.ops.Service;
import io.chatengine.presence.config.PresenceConfig;

/** Starts presence-stream from environment variables; stops it cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Service.run("presence-stream", PresenceConfig::from, PresenceStreamService::new);
    }
}
