package io.chatengine.query;

import io.chatengine.common.ops.Service;
import io.chatengine.query.config.QueryConfig;

/** Starts query-api from environment variables; stops it cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Service.run("query-api", QueryConfig::from, QueryService::new);
    }
}
