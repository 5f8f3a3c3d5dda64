package io.chatengine.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/** The engine's instances as {@code scripts/chat-engine} runs them: killed, started, waited for until ready. */
final class EngineControl {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Admin admin;

    EngineControl(Target target) {
        this.target = target;
    }

    /** Fails with what went wrong, when something did. */
    static void require(String problem) {
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** Runs scripts/chat-engine with the bench's run folder; null when it succeeded, else what it said. */
    String run(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("scripts/chat-engine"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CHAT_RUN_DIR", target.runDir().toAbsolutePath().toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT.toSeconds() + " s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
        } catch (IOException e) {
            return "cannot run " + String.join(" ", command) + ": " + e.getMessage();
        }
    }

    /** Polls the instance until it is ready: a broker's client port answers, a service's /health/ready (on its ops port) is 200. */
    String awaitReady(String instance) throws InterruptedException {
        Target.EngineProcess process = target.processes().stream().filter(p -> p.instance().equals(instance))
                .findFirst().orElseThrow();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready(process)) {
                return null;
            }
            Thread.sleep(100);
        }
        return instance + " was not ready " + READY_TIMEOUT.toSeconds() + " s after start";
    }

    /**
     * A broker is ready when it takes connections and every partition has all its replicas in sync again (it has
     * caught up): only then may the next broker fail without leaving a partition below min.insync.replicas.
     */
    private boolean ready(Target.EngineProcess process) throws InterruptedException {
        if (process.service().equals("kafka")) {
            String[] hostPort = process.url().split(":");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
            } catch (IOException e) {
                return false;
            }
            return fullyReplicated();
        }
        URI health = URI.create(process.ops() + "/health/ready");
        try {
            return http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every partition has all its replicas in sync; asked of one admin client, made on first use. */
    private boolean fullyReplicated() throws InterruptedException {
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafka(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
            }
            Set<String> topics = admin.listTopics().names().get();
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.isr().size() == partition.replicas().size());
        } catch (ExecutionException | KafkaException e) {
            return false;
        }
    }
}
