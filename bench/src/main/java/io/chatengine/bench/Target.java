package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatengine.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwt.JwtClaims;

/** The running engine, as {@code scripts/chat-engine up} described it in its run folder's endpoints.json. */
record Target(Path runDir, String kafka, String secret, List<String> users, List<String> gateways,
              List<String> query, List<EngineProcess> processes) {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A process that {@code scripts/chat-engine up} started: the broker or one service instance. {@code ops} is
     * where a service serves /health/* and /metrics.
     */
    record EngineProcess(String service, String instance, long pid, String url, String ops) {
        /** {@code kafka}, or service and instance, e.g. {@code delivery-gateway gw-1}. */
        String name() {
            return service.equals(instance) ? service : service + " " + instance;
        }
    }

    static Target load(Path runDir) {
        Path endpoints = runDir.resolve("endpoints.json");
        try {
            JsonNode root = JSON.readTree(endpoints.toFile());
            Path secretFile = Path.of(root.path("secretFile").asText());
            if (!secretFile.isAbsolute()) {
                secretFile = runDir.toAbsolutePath().getParent().resolve(secretFile);
            }
            if (!Files.exists(secretFile)) {
                secretFile = runDir.resolve("jwt-secret");
            }
            List<EngineProcess> processes = new ArrayList<>();
            for (JsonNode process : root.path("processes")) {
                processes.add(new EngineProcess(process.path("service").asText(),
                        process.path("instance").asText(), process.path("pid").asLong(),
                        process.path("url").asText(), process.path("ops").asText()));
            }
            return new Target(runDir, root.path("kafka").asText(), Files.readString(secretFile).strip(),
                    strings(root.path("users")), strings(root.path("gateways")), strings(root.path("query")),
                    processes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + endpoints + ": start the engine with scripts/chat-engine up", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    List<Long> gatewayPids() {
        return gatewayProcesses().stream().map(EngineProcess::pid).toList();
    }

    List<EngineProcess> gatewayProcesses() {
        return processes.stream().filter(p -> p.service().equals("delivery-gateway")).toList();
    }

    String token(String user) {
        return Tokens.sign(Tokens.claims(user, Duration.ofHours(6)), secret);
    }

    String adminToken() {
        JwtClaims claims = Tokens.claims("bench-admin", Duration.ofHours(1));
        claims.setClaim("role", "admin");
        return Tokens.sign(claims, secret);
    }
}
