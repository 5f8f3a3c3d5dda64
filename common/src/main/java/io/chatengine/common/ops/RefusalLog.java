package io.chatengine.common.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Refusals logged without letting a client flood the log: at most one line per reason per second. The line that
 * ends a quiet second says how many refusals of that reason were folded into it since the last one written.
 */
public final class RefusalLog {
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final Consumer<String> sink;
    private final LongSupplier nanoTime;
    private final Map<String, Window> byReason = new ConcurrentHashMap<>();

    public RefusalLog(Logger log) {
        this(log::info, System::nanoTime);
    }

    RefusalLog(Consumer<String> sink, LongSupplier nanoTime) {
        this.sink = sink;
        this.nanoTime = nanoTime;
    }

    /** Logs {@code detail} under {@code reason}, unless a line of that reason was written within the second. */
    public void refused(String reason, String detail) {
        long now = nanoTime.getAsLong();
        Window window = byReason.computeIfAbsent(reason, r -> new Window());
        long folded;
        synchronized (window) {
            if (window.written && now - window.lastWrittenNanos < EVERY_NANOS) {
                window.folded++;
                return;
            }
            folded = window.folded;
            window.folded = 0;
            window.written = true;
            window.lastWrittenNanos = now;
        }
        sink.accept(folded == 0 ? "refused (" + reason + "): " + detail
                : "refused (" + reason + "): " + detail + " (and " + folded + " more since the last line)");
    }

    private static final class Window {
        boolean written;
        long lastWrittenNanos;
        long folded;
    }
}
