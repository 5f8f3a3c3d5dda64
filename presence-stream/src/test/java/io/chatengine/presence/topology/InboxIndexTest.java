package io.chatengine.presence.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboxIndexTest {

    @Test
    void aSummaryKnowsTheSeqOfEveryIdItWasGivenAndTheLatest() {
        InboxIndex.Summary summary = new InboxIndex.Summary();
        for (int seq = 1; seq <= 1_000; seq++) {
            summary.add("id-" + seq, seq);
        }
        assertEquals(1_000, summary.size());
        assertEquals(1_000, summary.latest);
        assertEquals(1, summary.seqOf("id-1"));
        assertEquals(737, summary.seqOf("id-737"));
        assertEquals(-1, summary.seqOf("id-1001"));
    }

    @Test
    void anInboxIsLoadedOnceWhileItStaysWithinTheBudget() {
        InboxIndex index = new InboxIndex(10);
        AtomicInteger loads = new AtomicInteger();
        InboxIndex.Summary first = index.of("bob", owner -> {
            loads.incrementAndGet();
            return new InboxIndex.Summary();
        });
        assertSame(first, index.of("bob", owner -> {
            loads.incrementAndGet();
            return new InboxIndex.Summary();
        }));
        assertEquals(1, loads.get());
    }

    @Test
    void theLeastRecentlyUsedInboxesLeaveWhenTheIdsExceedTheBudget() {
        InboxIndex index = new InboxIndex(10);
        for (String owner : new String[] {"a", "b", "c"}) {
            InboxIndex.Summary summary = index.of(owner, o -> new InboxIndex.Summary());
            for (int seq = 1; seq <= 4; seq++) {
                int before = summary.size();
                summary.add(owner + seq, seq);
                index.added(summary, before);
            }
        }
        AtomicInteger loads = new AtomicInteger();
        index.of("c", o -> {
            loads.incrementAndGet();
            return new InboxIndex.Summary();
        });
        index.of("a", o -> {
            loads.incrementAndGet();
            return new InboxIndex.Summary();
        });
        assertEquals(1, loads.get(), "c stayed, a was evicted to keep 10 ids at most");
    }
}
