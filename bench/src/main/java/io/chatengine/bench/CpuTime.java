package io.chatengine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by processes, from {@code /proc/<pid>/stat}: user plus system time of all their threads, in
 * clock ticks. Read at the start and the end of a measured window, it tells what each process spent per message,
 * whatever else the machine was doing; a tick is 10 ms where {@code getconf CLK_TCK} is 100, small against the
 * CPU of thousands of messages.
 */
final class CpuTime {
    /** The load generator's own process: reported apart, it is not part of the engine. */
    static final String GENERATOR = "generator";
    private static final double MILLIS_PER_TICK = 1000.0 / clockTicks();

    private CpuTime() {
    }

    /** The processes to read, by name; the generator always comes first. */
    record Meter(Map<String, Path> stats) {
        static Meter generator() {
            return new Meter(Map.of(GENERATOR, Path.of("/proc/self/stat")));
        }

        /** The generator and every process of the engine, the broker included. */
        static Meter generatorAndEngine(Target target) {
            Map<String, Path> stats = new LinkedHashMap<>(generator().stats());
            for (Target.EngineProcess process : target.processes()) {
                stats.put(process.name(), Path.of("/proc", Long.toString(process.pid()), "stat"));
            }
            return new Meter(stats);
        }

        Reading read() {
            Map<String, Long> ticks = new LinkedHashMap<>();
            stats.forEach((name, stat) -> ticks.put(name, ticks(name, stat)));
            return new Reading(ticks);
        }
    }

    /** Ticks used so far, by process name. */
    record Reading(Map<String, Long> ticks) {
        /** Milliseconds of CPU per message that each process used from this reading to {@code later}. */
        Map<String, Double> millisPerMessage(Reading later, long messages) {
            Map<String, Double> out = new LinkedHashMap<>();
            ticks.forEach((name, before) -> out.put(name,
                    (later.ticks.get(name) - before) * MILLIS_PER_TICK / Math.max(1, messages)));
            return out;
        }
    }

    private static long ticks(String name, Path stat) {
        String line;
        try {
            line = Files.readString(stat, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of " + name + " (did it exit?)", e);
        }
        // the command name in parentheses may hold spaces; utime and stime are fields 14 and 15 of stat(5)
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (getconf.waitFor() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return Long.parseLong(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run getconf CLK_TCK", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking getconf CLK_TCK", e);
        }
    }
}
