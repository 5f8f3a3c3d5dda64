package io.chatengine.common.kafka;

/**
 * Whether a stream of records is busy: at least {@code busyPerSecond} records a second over the last tenth of a
 * second. Counts in two spans of 100 ms, the current one and the one before, so it turns busy as soon as the
 * current span reaches the rate and idle again one quiet span later. Thread-safe.
 */
final class BusyMeter {
    static final long SPAN_NANOS = 100_000_000L;
    private final long busyPerSpan;
    private long spanStart;
    private long current;
    private long previous;

    BusyMeter(int busyPerSecond, long now) {
        this.busyPerSpan = Math.max(1, busyPerSecond / 10);
        this.spanStart = now;
    }

    /** Counts records seen at {@code now} and tells whether the stream is busy with them. */
    synchronized boolean add(long records, long now) {
        roll(now);
        current += records;
        return busyNow();
    }

    synchronized boolean busy(long now) {
        roll(now);
        return busyNow();
    }

    private boolean busyNow() {
        return current >= busyPerSpan || previous >= busyPerSpan;
    }

    private void roll(long now) {
        long spans = (now - spanStart) / SPAN_NANOS;
        if (spans <= 0) {
            return;
        }
        previous = spans == 1 ? current : 0;
        current = 0;
        spanStart += spans * SPAN_NANOS;
    }
}
