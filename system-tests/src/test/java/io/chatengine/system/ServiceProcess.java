package io.chatengine.system;

import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.KafkaBroker;
import io.chatengine.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service instance as its own JVM, started from its Main with environment variables only, exactly as the
 * local run and the deployment start it. It can be stopped with SIGTERM or killed with SIGKILL.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path LOGS = Path.of("target", "service-logs");

    enum Kind {
        USERS("io.chatengine.users.Main"),
        PRESENCE("io.chatengine.presence.Main"),
        GATEWAY("io.chatengine.gateway.Main"),
        QUERY("io.chatengine.query.Main");

        final String main;

        Kind(String main) {
            this.main = main;
        }
    }

    private final Kind kind;
    private final String instance;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private ServiceProcess(Kind kind, String instance, int port, Map<String, String> env) {
        this.kind = kind;
        this.instance = instance;
        this.port = port;
        this.env = env;
        this.log = LOGS.resolve(instance + ".log");
    }

    /** Starts an instance and waits until it is ready. {@code stateDir} is kept across restarts of one instance. */
    static ServiceProcess start(Kind kind, String instance, Path stateDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers());
        env.put("CHAT_JWT_SECRET", Tokens.SECRET);
        env.put("INSTANCE_ID", instance);
        env.put("PORT", Integer.toString(freePort()));
        env.put("CHAT_TOPIC_PARTITIONS", "3");
        env.put("CHAT_STATE_DIR", stateDir.toString());
        env.put("CHAT_ADVERTISED_HOST", "127.0.0.1");
        if (kind == Kind.GATEWAY) {
            env.put("CHAT_HANDSHAKE_RATE_PER_SECOND", "100000"); // every test client comes from 127.0.0.1
        }
        env.putAll(extraEnv);
        ServiceProcess service = new ServiceProcess(kind, instance, Integer.parseInt(env.get("PORT")), env);
        service.launch();
        return service;
    }

    /** The same instance (id, port, state) started again after a stop or a kill. */
    ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        launch();
        return this;
    }

    private void launch() {
        try {
            Files.createDirectories(LOGS);
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-cp", classPath(), kind.main)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until(Duration.ofSeconds(60), instance + " ready (log: " + log.toAbsolutePath() + ")", () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(instance + " exited with " + process.exitValue() + ", see " + log);
            }
            return ready();
        });
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(opsUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Where health and metrics are served: the ops port when CHAT_OPS_PORT is set, else the public one. */
    String opsUrl() {
        return env.containsKey("CHAT_OPS_PORT") ? "http://127.0.0.1:" + env.get("CHAT_OPS_PORT") : httpUrl();
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    String instance() {
        return instance;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then waits for the exit; returns how long the process took to exit. */
    Duration stop() {
        long start = System.nanoTime();
        process.destroy();
        waitForExit(Duration.ofSeconds(30));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
    }

    /** Deletes what the stopped instance kept locally (its Kafka Streams state), as a lost disk would. */
    void deleteState() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        try (var folders = Files.list(Path.of(env.get("CHAT_STATE_DIR")))) {
            for (Path folder : folders.filter(f -> f.getFileName().toString().endsWith("-" + instance)).toList()) {
                try (var files = Files.walk(folder)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    private void waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(instance + " did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Failsafe runs tests from a manifest-only jar; the full test class path is in this property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
