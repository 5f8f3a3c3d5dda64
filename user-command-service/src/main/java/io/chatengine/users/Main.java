package io.chatengine.users;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import io.chatengine.users.config.UsersConfig;

/** Starts user-command-service from environment variables; stops it cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        UsersConfig config;
        try {
            config = UsersConfig.from(Env.system());
        } catch (ConfigException e) {
            System.err.println("user-command-service cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        UserCommandService service = new UserCommandService(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "shutdown"));
        service.start();
    }
}
