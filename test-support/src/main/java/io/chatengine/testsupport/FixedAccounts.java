package io.chatengine.testsupport;

import io.chatengine.common.users.Accounts;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Accounts whose statuses a test fixes: each named user's, {@code UNKNOWN} for any other; nothing is waited for. */
public final class FixedAccounts implements Accounts {
    private final Map<String, Status> statuses;

    private FixedAccounts(Map<String, Status> statuses) {
        this.statuses = Map.copyOf(statuses);
    }

    public static Accounts of(Map<String, Status> statuses) {
        return new FixedAccounts(statuses);
    }

    /** These users active, every other one unknown. */
    public static Accounts active(String... users) {
        return new FixedAccounts(Arrays.stream(users).collect(Collectors.toMap(user -> user, user -> Status.ACTIVE)));
    }

    @Override
    public Status status(String username) {
        return statuses.getOrDefault(username, Status.UNKNOWN);
    }

    @Override
    public Status awaitKnown(String username, Duration timeout) {
        return status(username);
    }
}
