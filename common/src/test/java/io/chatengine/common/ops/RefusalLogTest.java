package io.chatengine.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RefusalLogTest {
    private final List<String> lines = new ArrayList<>();
    private long now;
    private final RefusalLog log = new RefusalLog(lines::add, () -> now);

    @Test
    void aFloodOfOneReasonWritesALinePerSecondWithTheCountFoldedIn() {
        for (int i = 0; i < 1_000; i++) {
            log.refused("invalid_token", "from 10.0.0." + i);
            now += TimeUnit.MILLISECONDS.toNanos(2); // 500 per second
        }
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("refused (invalid_token): from 10.0.0.0", lines.get(0));
        assertEquals("refused (invalid_token): from 10.0.0.500 (and 499 more since the last line)", lines.get(1));
    }

    @Test
    void eachReasonHasItsOwnSecond() {
        log.refused("invalid_token", "a");
        log.refused("unknown_user", "b");
        log.refused("invalid_token", "c");
        assertEquals(List.of("refused (invalid_token): a", "refused (unknown_user): b"), lines);
        now += TimeUnit.SECONDS.toNanos(1);
        log.refused("invalid_token", "d");
        assertEquals("refused (invalid_token): d (and 1 more since the last line)", lines.get(2));
    }
}
