package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class AwaitedAnswersTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSendIsAnsweredOnce() {
        AwaitedAnswers answers = new AwaitedAnswers();
        answers.await("m1", "r1", 0);
        assertEquals("r1", answers.answered("m1").ref());
        assertNull(answers.answered("m1"), "a second answer (a resend's) finds nothing waiting");
        assertEquals(List.of(), answers.overdue(100 * SECOND, 9 * SECOND), "nor does the sweep");
    }

    @Test
    void sendsWaitingPastTheLimitAreOverdueOldestFirstAndWaitNoMore() {
        AwaitedAnswers answers = new AwaitedAnswers();
        answers.await("m1", "r1", 0);
        answers.await("m2", "r2", 5 * SECOND);
        answers.await("m1", "r1", 6 * SECOND); // a resend while the first waits keeps the first time
        assertEquals(List.of("r1"), answers.overdue(10 * SECOND, 9 * SECOND).stream()
                .map(AwaitedAnswers.Awaited::ref).toList());
        assertEquals(List.of("r2"), answers.overdue(15 * SECOND, 9 * SECOND).stream()
                .map(AwaitedAnswers.Awaited::ref).toList());
        assertNull(answers.answered("m2"), "answered unavailable already");
    }
}
