package io.chatengine.testsupport;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Inputs for {@link Seeds} properties, each drawn from the try's {@link SplittableRandom}. Lengths lean short
 * (half the draws stay under a tenth of the maximum) and the empty value comes up now and then, where the odd
 * inputs are.
 */
public final class Generate {
    /** Characters text drawn from anywhere leans on: controls, quotes, escapes, JSON and token punctuation. */
    private static final String AWKWARD = "\u0000\t\n\r \"\\/.{}[]:,=+-_%\u007f\u00a0\u00e9\u2028\u202e\ufeff\uffff";

    private Generate() {
    }

    /** A length from {@code min} to {@code max}: the minimum often, short lengths mostly, any length sometimes. */
    public static int length(SplittableRandom random, int min, int max) {
        if (max <= min || random.nextInt(10) == 0) {
            return min;
        }
        int cap = random.nextBoolean() ? Math.min(max, min + Math.max(1, (max - min) / 10)) : max;
        return random.nextInt(min, cap + 1);
    }

    /** Text of {@code min} to {@code max} characters from {@code alphabet}. */
    public static String string(SplittableRandom random, String alphabet, int min, int max) {
        int length = length(random, min, max);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Text of {@code min} to {@code max} characters from {@code from} to {@code to} (both included). */
    public static String string(SplittableRandom random, char from, char to, int min, int max) {
        int length = length(random, min, max);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(from, to + 1));
        }
        return text.toString();
    }

    /**
     * Any text of up to {@code max} UTF-16 units: printable ASCII, awkward characters, or any unit at all, lone
     * surrogates included.
     */
    public static String anyString(SplittableRandom random, int max) {
        int length = length(random, 0, max);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(3)) {
                case 0 -> (char) random.nextInt(' ', '\u007f');
                case 1 -> AWKWARD.charAt(random.nextInt(AWKWARD.length()));
                default -> (char) random.nextInt(Character.MAX_VALUE + 1);
            });
        }
        return text.toString();
    }

    /** Any text of up to 255 UTF-16 units. */
    public static String anyString(SplittableRandom random) {
        return anyString(random, 255);
    }

    /** Any bytes, up to {@code max} of them. */
    public static byte[] bytes(SplittableRandom random, int max) {
        byte[] bytes = new byte[length(random, 0, max)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** One of {@code values}. */
    @SafeVarargs
    public static <T> T pick(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** Up to {@code max} values from {@code one}. */
    public static <T> List<T> list(SplittableRandom random, int max, Function<SplittableRandom, T> one) {
        int size = length(random, 0, max);
        Object[] values = new Object[size];
        for (int i = 0; i < size; i++) {
            values[i] = one.apply(random);
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) List.of(values);
        return list;
    }
}
