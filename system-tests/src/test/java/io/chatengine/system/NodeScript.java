package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Node test script in {@code system-tests/js-client} that holds its own assertions and asks the Java test for
 * faults: a line {@code CONTROL <command>} on its output runs {@code control}, then {@code done} goes to its input.
 * The script is stopped when it runs over its time, and the test fails with its whole output when it fails.
 */
final class NodeScript {
    static final Path FOLDER = Command.ROOT.resolve("system-tests/js-client");

    private NodeScript() {
    }

    static void run(String script, Map<String, String> env, Duration timeout, Consumer<String> control)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(FOLDER.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process node = builder.start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                node.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8)); Writer answers = node.outputWriter(StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println(script + ": " + line);
                output.append(line).append('\n');
                if (line.startsWith("CONTROL ")) {
                    control.accept(line.substring("CONTROL ".length()));
                    answers.write("done\n");
                    answers.flush();
                }
            }
        } catch (RuntimeException | Error e) {
            node.destroyForcibly(); // a fault that could not be done or undone: the script waits for nothing more
            throw e;
        }
        node.waitFor();
        assertEquals(0, node.exitValue(), script + " failed (or ran over " + timeout + "):\n" + output);
    }
}
