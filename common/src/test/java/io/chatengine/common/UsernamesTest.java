package io.chatengine.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsernamesTest {

    @Test
    void acceptsTheDocumentedAlphabet() {
        for (String name : new String[] {"bob", "alice_1", "a.b-c", "0day", "x".repeat(32)}) {
            assertTrue(Usernames.isValid(name), name);
        }
    }

    @Test
    void refusesEverythingElse() {
        for (String name : new String[] {null, "", "ab", "x".repeat(33), "_bob", ".bob", "Bob", "bo b", "bob!", "bøb"}) {
            assertFalse(Usernames.isValid(name), String.valueOf(name));
        }
    }
}
