package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.config.Env;
import io.chatengine.gateway.config.GatewayConfig;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.query.config.QueryConfig;
import io.chatengine.users.config.UsersConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment file and the README name every variable the services read: each service's configuration is
 * built from an environment that records what it asks for, and each compose service of that kind must set it.
 */
class DeploymentConfigTest {
    /** Read by compose/run-service.sh, not by a service. */
    private static final Set<String> LAUNCHER = Set.of("SERVICE", "JAVA_OPTS");
    private static final Map<String, Consumer<Env>> SERVICES = Map.of(
            "user-command-service", UsersConfig::from,
            "presence-stream", PresenceConfig::from,
            "delivery-gateway", GatewayConfig::from,
            "query-api", QueryConfig::from);

    private static Set<String> readBy(String service) {
        Env env = new Env(Map.of("CHAT_JWT_SECRET", "x".repeat(32)));
        SERVICES.get(service).accept(env);
        return env.asked();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComposeServiceSetsEveryVariableItsServiceReads() throws IOException {
        Map<String, Object> compose = new Yaml().load(
                Files.readString(Command.ROOT.resolve("compose/docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Integer> instances = new HashMap<>();
        Set<String> readByAny = new TreeSet<>();
        SERVICES.keySet().forEach(service -> readByAny.addAll(readBy(service)));
        for (Map.Entry<String, Map<String, Object>> entry : services.entrySet()) {
            Map<String, Object> environment = (Map<String, Object>) entry.getValue().get("environment");
            Object service = environment.get("SERVICE");
            if (service == null) {
                continue; // a Kafka broker
            }
            assertTrue(SERVICES.containsKey(service.toString()), entry.getKey() + ": unknown SERVICE " + service);
            instances.merge(service.toString(), 1, Integer::sum);
            Set<String> missing = new TreeSet<>(readBy(service.toString()));
            missing.removeAll(environment.keySet());
            assertEquals(Set.of(), missing, entry.getKey() + " does not set variables that " + service + " reads");
            Set<String> unknown = new TreeSet<>(environment.keySet());
            unknown.removeAll(readByAny);
            unknown.removeAll(LAUNCHER);
            assertEquals(Set.of(), unknown, entry.getKey() + " sets variables no service reads");
        }
        assertEquals(Map.of("user-command-service", 2, "presence-stream", 2, "delivery-gateway", 2, "query-api", 2),
                instances, "two instances of every service");
    }

    @Test
    void theReadmeConfigurationTableNamesEveryVariable() throws IOException {
        String readme = Files.readString(Command.ROOT.resolve("README.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(readme);
        while (row.find()) {
            documented.add(row.group(1));
        }
        for (String service : SERVICES.keySet()) {
            Set<String> missing = new TreeSet<>(readBy(service));
            missing.removeAll(documented);
            assertEquals(Set.of(), missing, "README configuration table lacks variables of " + service);
        }
    }
}
