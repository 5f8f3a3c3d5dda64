package io.chatengine.common.users;

import java.time.Duration;

/** What a service knows of accounts: whether a username is an active user. {@link UsersView} is the real one. */
public interface Accounts {
    /** What is known of a username. */
    enum Status { ACTIVE, DEACTIVATED, UNKNOWN }

    Status status(String username);

    /**
     * The user's status, waiting up to {@code timeout} for a user not known yet (created a moment ago, its event
     * still on its way). May block: call it from a worker thread only.
     */
    Status awaitKnown(String username, Duration timeout);
}
