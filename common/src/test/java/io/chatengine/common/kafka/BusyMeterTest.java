package io.chatengine.common.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BusyMeterTest {
    private static final long MS = 1_000_000L;

    @Test
    void aFewRecordsASecondAreIdle() {
        BusyMeter meter = new BusyMeter(400, 0);
        for (int i = 0; i < 30; i++) {
            assertFalse(meter.add(1, i * 10 * MS), "record " + i);
        }
    }

    @Test
    void turnsBusyAsSoonAsTheCurrentSpanReachesTheRate() {
        BusyMeter meter = new BusyMeter(400, 0);
        for (int i = 0; i < 39; i++) {
            assertFalse(meter.add(1, i * MS));
        }
        assertTrue(meter.add(1, 39 * MS), "the 40th record within 100 ms is 400 a second");
    }

    @Test
    void staysBusyForTheSpanAfterABusyOneAndIdlesAfterAQuietOne() {
        BusyMeter meter = new BusyMeter(400, 0);
        meter.add(40, 50 * MS);
        assertTrue(meter.busy(150 * MS), "the span before was busy");
        assertTrue(meter.busy(199 * MS));
        assertFalse(meter.busy(200 * MS), "the span before, 100-200 ms, had nothing");
    }

    @Test
    void aLongSilenceForgetsEverything() {
        BusyMeter meter = new BusyMeter(400, 0);
        meter.add(1_000, 10 * MS);
        assertFalse(meter.busy(10_000 * MS));
        assertFalse(meter.add(1, 10_001 * MS));
    }

    @Test
    void countsManyRecordsOfOnePollAtOnce() {
        BusyMeter meter = new BusyMeter(400, 0);
        assertTrue(meter.add(40, 5 * MS));
        assertFalse(new BusyMeter(400, 0).add(39, 5 * MS));
    }
}
