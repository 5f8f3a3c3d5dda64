package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Appends a result as a row of the runs table of docs/benchmarks.md: date, machine, commit, parameters, figures. */
final class Record {
    private static final Set<String> PARAMETERS = Set.of("users", "gateways", "brokers", "rate", "durationS",
            "warmupS", "asked", "p99LimitMs", "instance", "entriesAdded", "owners", "seed", "sockets", "rooms",
            "members", "roomsPerUser", "socketsPerUser", "roomShare");

    private Record() {
    }

    static void append(ObjectNode result, String note) throws IOException, InterruptedException {
        Path file = Path.of("docs/benchmarks.md");
        if (!Files.exists(file)) {
            System.err.println("not recording: no docs/benchmarks.md here (run from the repository root)");
            return;
        }
        List<String> parameters = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = result.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("scenario")) {
                continue;
            }
            if (name.equals("steps")) {
                List<String> steps = new ArrayList<>();
                value.forEach(step -> steps.add(step.path("rate").asLong() + "/s p99 " + step.path("p99Ms").asText()
                        + " ms lost " + step.path("lost").asText() + " generator CPU "
                        + step.path("generatorCpuMsPerMessage").asText() + " ms/msg"));
                figures.add("steps: " + String.join("; ", steps));
            } else if (name.equals("faults")) {
                List<String> faults = new ArrayList<>();
                value.forEach(fault -> {
                    List<String> entries = new ArrayList<>();
                    fault.fields().forEachRemaining(entry -> {
                        if (!entry.getKey().equals("fault")) {
                            entries.add(entry.getKey() + " " + entry.getValue().asText());
                        }
                    });
                    faults.add(fault.path("fault").asText() + ": " + String.join(" ", entries));
                });
                figures.add("faults: " + String.join("; ", faults));
            } else if (name.equals("kafkaRequests")) {
                figures.add(kafkaRequests(value));
            } else if (value.isObject()) {
                if (!value.isEmpty()) {
                    List<String> entries = new ArrayList<>();
                    value.fields().forEachRemaining(entry -> entries.add(entry.getKey() + " " + entry.getValue()));
                    figures.add(name + ": " + String.join("; ", entries));
                }
            } else {
                (PARAMETERS.contains(name) && !(result.has("steps") && name.equals("rate")) ? parameters : figures)
                        .add(name + "=" + value);
            }
        }
        String row = "| " + String.join(" | ", Instant.now().truncatedTo(ChronoUnit.MINUTES).toString(), machine(),
                commit(), result.path("scenario").asText(), String.join(" ", parameters), String.join(", ", figures),
                note == null ? "" : note) + " |\n";
        Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The three figures of each process in a row of their own: the JSON of nested objects would not read. */
    static String kafkaRequests(JsonNode requests) {
        List<String> entries = new ArrayList<>();
        entries.add("total " + kafkaFigures(requests.path("total")));
        requests.path("byProcess").fields().forEachRemaining(process ->
                entries.add(process.getKey() + " " + kafkaFigures(process.getValue())));
        // an error's text is the client's: a pipe in it would split the table's columns
        requests.path("errors").forEach(error -> entries.add(error.asText().replace('|', '/')));
        return "kafkaRequests (records/produce request, produce requests/msg, fetch requests/msg): "
                + String.join("; ", entries);
    }

    private static String kafkaFigures(JsonNode figure) {
        return String.join(" ", figure.path("producerRecordsPerRequest").asText(),
                figure.path("produceRequestsPerMessage").asText(), figure.path("fetchRequestsPerMessage").asText());
    }

    static String machine() throws IOException {
        long kib = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", " + Math.round(kib / 1048576.0) + " GiB";
    }

    static String commit() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean dirty = new ProcessBuilder("git", "diff", "--quiet", "HEAD", "--", ".", ":!docs/benchmarks.md").start().waitFor() != 0;
        return git.waitFor() == 0 ? out + (dirty ? "+changes" : "") : "unknown";
    }
}
