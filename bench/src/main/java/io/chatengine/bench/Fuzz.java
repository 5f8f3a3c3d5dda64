package io.chatengine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.testsupport.fuzz.EngineState;
import io.chatengine.testsupport.fuzz.Fuzzer;
import io.chatengine.testsupport.fuzz.ProtocolDoc;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The long fuzz run: FuzzIT's fuzzer (test-support's {@link Fuzzer}) against the running engine, with more frames,
 * sockets and requests. Bench users 1-4 hold the sockets, 5 and 6 stay out of it; every engine process must live
 * on, every answer must be one docs/protocol.md lists, no 5xx, and users and inboxes must be as they were. Fails
 * (exit 1) on anything else.
 */
final class Fuzz {
    private static final int SOCKET_USERS = 4;

    private Fuzz() {
    }

    static ObjectNode run(Target target, int frames, int sockets, int requests, int parallel, Duration limit,
                          long seed) throws Exception {
        System.err.println("fuzz: seed " + seed + " (replay: --seed " + seed + ")");
        List<String> users = Users.ensure(target, SOCKET_USERS + 2);
        Fuzzer.Target fuzzTarget = new Fuzzer.Target(uris(target.gateways()), URI.create(target.users().get(0)),
                uris(target.query()), target.adminToken(), target::token, users.subList(0, SOCKET_USERS));
        List<URI> metrics = new ArrayList<>();
        for (Target.EngineProcess process : target.processes()) {
            if (process.service().equals("user-command-service") || process.service().equals("delivery-gateway")) {
                metrics.add(URI.create(http(process.url()) + "/metrics"));
            }
        }
        List<String> bystanders = users.subList(SOCKET_USERS, SOCKET_USERS + 2);
        EngineState before = EngineState.take(fuzzTarget, metrics, bystanders);
        Fuzzer.Report report = new Fuzzer(fuzzTarget, ProtocolDoc.load(), seed)
                .run(frames, sockets, requests, parallel, limit);
        List<String> dead = new ArrayList<>();
        for (Target.EngineProcess process : target.processes()) {
            if (!ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                dead.add(process.name());
            }
        }
        List<String> changes = before.unexplainedChanges(EngineState.take(fuzzTarget, metrics, bystanders), report);

        ObjectNode result = Target.JSON.createObjectNode();
        result.put("seed", seed).put("sockets", sockets).put("gateways", target.gateways().size())
                .put("frames", report.framesSent.sum()).put("requests", report.requestsSent.sum())
                .put("seconds", round(report.seconds))
                .put("framesPerSecond", Math.round(report.framesSent.sum() / report.framesSeconds.get()))
                .put("requestsPerSecond", Math.round(report.requestsSent.sum() / report.requestsSeconds.get()));
        result.set("replies", Target.JSON.valueToTree(Fuzzer.Report.sorted(report.replies)));
        result.set("closes", Target.JSON.valueToTree(Fuzzer.Report.sorted(report.closes)));
        result.set("http", Target.JSON.valueToTree(Fuzzer.Report.sorted(report.statuses)));
        result.set("mutations", Target.JSON.valueToTree(Fuzzer.Report.sorted(report.frameMutations)));
        result.put("acceptedSends", report.acceptedMessages()).put("usersCreated", report.createdUsers.size())
                .put("problems", report.problems.sum());
        result.set("problemSample", Target.JSON.valueToTree(report.problemSamples));
        result.set("unexplainedChanges", Target.JSON.valueToTree(changes));
        result.set("deadProcesses", Target.JSON.valueToTree(dead));
        result.put("failed", report.problems.sum() > 0 || !changes.isEmpty() || !dead.isEmpty());
        System.err.println("fuzz: " + report);
        return result;
    }

    private static List<URI> uris(List<String> urls) {
        return urls.stream().map(url -> URI.create(http(url))).toList();
    }

    /** A service's base URL: a gateway is listed by its WebSocket URL. */
    private static String http(String url) {
        return url.replaceFirst("^ws", "http").replaceFirst("/ws$", "");
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
