package io.chatengine.presence;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import io.chatengine.presence.config.PresenceConfig;

/** Starts presence-stream from environment variables; stops it cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PresenceConfig config;
        try {
            config = PresenceConfig.from(Env.system());
        } catch (ConfigException e) {
            System.err.println("presence-stream cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        PresenceStreamService service = new PresenceStreamService(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "shutdown"));
        service.start();
    }
}
