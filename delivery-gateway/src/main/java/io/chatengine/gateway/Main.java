package io.chatengine.gateway;

import io.chatengine.common.ops.Service;
import io.chatengine.gateway.config.GatewayConfig;

/** Starts a delivery gateway from environment variables; SIGTERM closes its sockets with 1001 and exits. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Service.run("delivery-gateway", GatewayConfig::from, GatewayService::new);
    }
}
