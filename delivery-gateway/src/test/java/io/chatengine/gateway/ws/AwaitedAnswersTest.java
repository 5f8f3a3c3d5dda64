package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AwaitedAnswersTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSendIsAnsweredOnce() {
        AwaitedAnswers answers = new AwaitedAnswers();
        assertTrue(answers.await("m1", "r1", "bob", "hi", 0));
        assertEquals("r1", answers.answered("m1").ref());
        assertNull(answers.answered("m1"), "a second answer (a resend's) finds nothing waiting");
        assertEquals(List.of(), answers.overdue(100 * SECOND, 9 * SECOND), "nor does the sweep");
    }

    @Test
    void sendsWaitingPastTheLimitAreOverdueOldestFirstAndWaitNoMore() {
        AwaitedAnswers answers = new AwaitedAnswers();
        answers.await("m1", "r1", "bob", "hi", 0);
        answers.await("m2", "r2", "bob", "ho", 5 * SECOND);
        answers.await("m1", "r1", "bob", "hi", 6 * SECOND); // a resend while the first waits keeps the first time
        assertEquals(List.of("r1"), answers.overdue(10 * SECOND, 9 * SECOND).stream()
                .map(AwaitedAnswers.Awaited::ref).toList());
        assertEquals(List.of("r2"), answers.overdue(15 * SECOND, 9 * SECOND).stream()
                .map(AwaitedAnswers.Awaited::ref).toList());
        assertNull(answers.answered("m2"), "answered unavailable already");
    }

    @Test
    void aResendOfAMessageOnItsWayOrInKafkaIsNotWrittenAgainAndWaitsForItsAnswer() {
        AwaitedAnswers answers = new AwaitedAnswers();
        assertTrue(answers.await("m1", "r1", "bob", "hi", 0), "the first is written");
        assertFalse(answers.await("m1", "r1", "bob", "hi", SECOND), "on its way: not written twice");
        answers.inKafka("m1");
        answers.overdue(10 * SECOND, 9 * SECOND); // answered unavailable: the inbox is slow
        assertFalse(answers.await("m1", "r1", "bob", "hi", 11 * SECOND), "Kafka has it: not written again");
        assertEquals(List.of(), answers.overdue(12 * SECOND, 9 * SECOND), "the resend waits from its own time");
        assertEquals("r1", answers.answered("m1").ref(), "the first copy's answer answers the resend");
        assertTrue(answers.await("m1", "r1", "bob", "hi", 13 * SECOND), "answered: a later resend is written");
    }

    @Test
    void anotherMessageUnderAWaitingRefIsWrittenToBeRefusedAndARefusedSendIsWrittenAgain() {
        AwaitedAnswers answers = new AwaitedAnswers();
        answers.await("m1", "r1", "bob", "hi", 0);
        answers.inKafka("m1");
        assertTrue(answers.await("m1", "r1", "bob", "another text", SECOND), "the sender's inbox refuses it");
        assertTrue(answers.await("m2", "r2", "bob", "ho", 0));
        assertEquals("r2", answers.refused("m2").ref(), "Kafka refused it: unavailable");
        assertTrue(answers.await("m2", "r2", "bob", "ho", SECOND), "its resend is written");
    }
}
