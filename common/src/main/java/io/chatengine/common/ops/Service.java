package io.chatengine.common.ops;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/** A service process: started once, stopped once (on SIGTERM, or by a test). */
public interface Service {
    void start();

    void stop();

    /**
     * Stops what a service holds, in the order given: each part that exists (null: never started) is closed,
     * and one that fails to close does not keep the others open.
     */
    static void closeInOrder(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Service.class).warn("could not close {}: {}", part, e.toString());
            }
        }
    }

    /**
     * Runs a service from the environment: its configuration is read first, and a wrong variable stops the
     * process with exit code 2 and the variable's name; then the service starts, and SIGTERM stops it.
     */
    static <C> void run(String name, Function<Env, C> configuration, Function<C, ? extends Service> service) {
        C config;
        try {
            config = configuration.apply(Env.system());
        } catch (ConfigException e) {
            System.err.println(name + " cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Service running = service.apply(config);
        Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "shutdown"));
        running.start();
    }
}
