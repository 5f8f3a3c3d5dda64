package io.chatengine.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end in a folder, with its output (stdout and stderr together) and exit code. */
record Command(int exit, String output) {
    /** The project's root folder: tests run in the module folder. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Runs the command; one that outlives the timeout is killed and reported with exit code -1. */
    static Command run(Path dir, List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ended) {
                    // the process is gone; what was read stays
                }
            });
            reader.start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            reader.join();
            return ended ? new Command(process.exitValue(), output.toString())
                    : new Command(-1, String.join(" ", command) + " timed out after " + timeout + "\n" + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
