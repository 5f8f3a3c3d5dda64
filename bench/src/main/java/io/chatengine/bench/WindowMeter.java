package io.chatengine.bench;

/**
 * What a load reads of the processes at the start and the end of each measured window: CPU time and, where it reads
 * the engine, the request counters of the services' Kafka clients.
 */
record WindowMeter(CpuTime.Meter cpu, KafkaRequests.Meter requests) {
    static WindowMeter generator() {
        return new WindowMeter(CpuTime.Meter.generator(), KafkaRequests.Meter.none());
    }

    /** The generator's CPU and the engine's, the broker included, and every service's Kafka requests. */
    static WindowMeter generatorAndEngine(Target target) {
        return new WindowMeter(CpuTime.Meter.generatorAndEngine(target), KafkaRequests.Meter.services(target));
    }

    /**
     * Reads the CPU time now and sends the scrapes without waiting for them (the caller is the load's I/O thread).
     * The CPU comes first, so the end's scrapes are not counted in the window's CPU.
     */
    Reading read() {
        CpuTime.Reading ticks = cpu.read();
        return new Reading(ticks, requests.read());
    }

    record Reading(CpuTime.Reading cpu, KafkaRequests.Reading requests) {
    }
}
