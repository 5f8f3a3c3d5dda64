package io.chatengine.users;

import io.chatengine.common.ops.Service;
import io.chatengine.users.config.UsersConfig;

/** Starts user-command-service from environment variables; stops it cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Service.run("user-command-service", UsersConfig::from, UserCommandService::new);
    }
}
