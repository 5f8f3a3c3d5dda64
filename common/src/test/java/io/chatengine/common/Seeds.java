package io.chatengine.common;

import java.util.SplittableRandom;

/**
 * The runner of test-support's {@code io.chatengine.testsupport.Seeds}, copied: common sits below test-support
 * in the build, so its tests cannot use it. Keep the two the same.
 *
 * <p>Runs a property as many tries, each with its own {@link SplittableRandom}: try {@code i} of a run draws from the
 * seed {@code runSeed + i}. The run seed is new each run unless {@code -Dproperty.seed=N} gives it, as
 * {@code -Dfuzz.seed} does for the fuzzer. A failing try names its own seed, so {@code -Dproperty.seed=} that seed
 * replays it as the first try.
 */
public final class Seeds {
    public static final String PROPERTY = "property.seed";
    public static final int TRIES = 1_000;

    private Seeds() {
    }

    /** One try of a property: draws its input from {@code random} and asserts. */
    @FunctionalInterface
    public interface Try {
        void check(SplittableRandom random) throws Exception;
    }

    public static void forAll(Try property) {
        forAll(TRIES, property);
    }

    public static void forAll(int tries, Try property) {
        long runSeed = runSeed(System.getProperty(PROPERTY));
        for (int i = 0; i < tries; i++) {
            long seed = runSeed + i;
            try {
                property.check(new SplittableRandom(seed));
            } catch (Exception | AssertionError failure) {
                throw new AssertionError("property failed at try " + (i + 1) + " of " + tries + " with seed " + seed
                        + " (run seed " + runSeed + "); replay with -D" + PROPERTY + "=" + seed + ": "
                        + failure, failure);
            }
        }
    }

    /** The seed of a run: the one given, else a new one (as {@code Fuzzer.seed}). */
    static long runSeed(String given) {
        return given == null || given.isBlank() ? System.nanoTime() : Long.parseLong(given.strip());
    }
}
