package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeqCheckTest {
    @Test
    void seqsRisingByOneFromAnyFirstAreNeitherGapsNorDuplicates() {
        SeqCheck check = new SeqCheck();
        assertEquals(SeqCheck.Verdict.FIRST, check.accept(17));
        for (long seq = 18; seq <= 40; seq++) {
            assertEquals(SeqCheck.Verdict.NEXT, check.accept(seq));
        }
        assertEquals(0, check.gaps());
        assertEquals(0, check.duplicates());
    }

    @Test
    void aSkipCountsTheSeqsSkipped() {
        SeqCheck check = new SeqCheck();
        check.accept(1);
        check.accept(2);
        assertEquals(SeqCheck.Verdict.GAP, check.accept(6));
        assertEquals(SeqCheck.Verdict.NEXT, check.accept(7));
        assertEquals(3, check.gaps());
        assertEquals(0, check.duplicates());
    }

    @Test
    void aSeqGotAgainIsADuplicateWhetherItWasTheLastOrAnEarlierOne() {
        SeqCheck check = new SeqCheck();
        check.accept(5);
        check.accept(6);
        assertEquals(SeqCheck.Verdict.DUPLICATE, check.accept(6));
        check.accept(7);
        assertEquals(SeqCheck.Verdict.DUPLICATE, check.accept(5));
        assertEquals(2, check.duplicates());
        assertEquals(0, check.gaps());
    }

    @Test
    void aSkippedSeqArrivingLateIsOutOfOrderNotADuplicate() {
        SeqCheck check = new SeqCheck();
        check.accept(1);
        check.accept(3); // 2 skipped: one gap
        assertEquals(SeqCheck.Verdict.GAP, check.accept(2)); // late: the order broke once more
        assertEquals(0, check.duplicates());
        assertEquals(2, check.gaps());
        assertEquals(SeqCheck.Verdict.DUPLICATE, check.accept(2));
    }

    @Test
    void aSeqBelowTheFirstIsOutOfOrder() {
        SeqCheck check = new SeqCheck();
        check.accept(10);
        assertEquals(SeqCheck.Verdict.GAP, check.accept(9));
        assertEquals(1, check.gaps());
    }
}
