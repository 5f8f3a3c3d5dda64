package io.chatengine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SortableKeysTest {
    @Test
    void numbersArePaddedToNineteenDigitsSoTheyCompareAsStrings() {
        assertEquals("0000000000000000042", SortableKeys.seq(42));
        assertEquals(String.valueOf(Long.MAX_VALUE), SortableKeys.seq(Long.MAX_VALUE));
        assertTrue(SortableKeys.seq(9).compareTo(SortableKeys.seq(10)) < 0);
    }

    @Test
    void aNegativeNumberIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SortableKeys.seq(-1));
    }
}
