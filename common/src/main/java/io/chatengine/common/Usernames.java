package io.chatengine.common;

import java.util.regex.Pattern;

/** A username: 3-32 characters of a-z 0-9 _ . -, starting with a letter or digit. */
public final class Usernames {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");

    private Usernames() {
    }

    public static boolean isValid(String username) {
        return username != null && VALID.matcher(username).matches();
    }
}
