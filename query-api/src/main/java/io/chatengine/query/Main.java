package io.chatengine.query;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import io.chatengine.query.config.QueryConfig;

/** Starts query-api from environment variables; stops it cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        QueryConfig config;
        try {
            config = QueryConfig.from(Env.system());
        } catch (ConfigException e) {
            System.err.println("query-api cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        QueryService service = new QueryService(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "shutdown"));
        service.start();
    }
}
