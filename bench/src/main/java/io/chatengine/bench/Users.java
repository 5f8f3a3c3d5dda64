package io.chatengine.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes sure the benchmark's users exist: {@code bench-00001...}; a user left from an earlier run is reused. */
final class Users {
    private Users() {
    }

    static List<String> names(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(String.format("bench-%06d", i));
        }
        return names;
    }

    static List<String> ensure(Target target, int count) throws InterruptedException {
        List<String> names = names(count);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String admin = target.adminToken();
        if (exists(http, target, admin, names.get(0)) && exists(http, target, admin, names.get(count - 1))) {
            return names; // made by an earlier run against this engine
        }
        Semaphore inFlight = new Semaphore(100);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (String name : names) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(target.users().get(0) + "/users"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + name + "\",\"displayName\":\"Bench " + name + "\"}"))
                    .build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                inFlight.release();
                if (error != null || (response.statusCode() != 201 && response.statusCode() != 409)) {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        for (String name : List.of(names.get(0), names.get(count - 1))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!exists(http, target, admin, name) && System.nanoTime() < deadline) {
                Thread.sleep(100); // the query API follows the users topic; poll until it has caught up
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + count + " users could not be created");
        }
        return names;
    }

    private static boolean exists(HttpClient http, Target target, String admin, String name)
            throws InterruptedException {
        if (target.query().isEmpty()) {
            return false;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.query().get(0) + "/users/" + name))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + admin).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
