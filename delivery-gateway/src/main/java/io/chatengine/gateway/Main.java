package io.chatengine.gateway;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import io.chatengine.gateway.config.GatewayConfig;

/** Starts a delivery gateway from environment variables; SIGTERM closes its sockets with 1001 and exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        GatewayConfig config;
        try {
            config = GatewayConfig.from(Env.system());
        } catch (ConfigException e) {
            System.err.println("delivery-gateway cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        GatewayService service = new GatewayService(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "shutdown"));
        service.start();
    }
}
