package io.chatengine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a service serves on its ops listener's {@code /metrics} (Prometheus text format), fetched and read for the
 * few metrics a scenario wants: {@code name{label="value",...} value [timestamp]} lines, comments skipped.
 */
final class PrometheusText {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private PrometheusText() {
    }

    /** One line: a metric's name, its labels, its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /**
     * Asks {@code ops}/metrics without waiting for the answer; the future fails when no 200 comes within
     * {@link #TIMEOUT}, and never throws here (an ops URL that is no URL fails the future too).
     */
    static CompletableFuture<String> fetch(HttpClient http, String ops) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(ops + "/metrics")).timeout(TIMEOUT).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new UncheckedIOException(new IOException(ops + "/metrics answered " + response.statusCode()));
            }
            return response.body();
        });
    }

    /** The samples of the metrics named in {@code names}, in the order of the text; other lines are not parsed. */
    static List<Sample> samples(String text, Set<String> names) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            if (names.contains(line.substring(0, nameEnd))) {
                out.add(sample(line, nameEnd));
            }
        }
        return out;
    }

    private static Sample sample(String line, int nameEnd) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = nameEnd;
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split(" +");
        if (rest[0].isEmpty()) {
            throw new IllegalArgumentException("no value in metrics line: " + line);
        }
        return new Sample(line.substring(0, nameEnd), labels, value(rest[0], line));
    }

    /** Reads {@code a="x",b="y"} from {@code i} into {@code labels}; returns the index after the closing brace. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int equals = line.indexOf("=\"", i);
            if (equals < 0) {
                throw new IllegalArgumentException("unreadable labels in metrics line: " + line);
            }
            String key = line.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            i = equals + 2;
            // a value may hold escaped quotes and backslashes, and braces or commas as they are
            for (; i < line.length() && line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    char escaped = line.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("unterminated label value in metrics line: " + line);
            }
            labels.put(key, value.toString());
            i++;
        }
    }

    private static double value(String text, String line) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("no number in metrics line: " + line, e);
                }
            }
        };
    }
}
