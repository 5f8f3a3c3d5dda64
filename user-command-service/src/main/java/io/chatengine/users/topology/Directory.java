package io.chatengine.users.topology;

import io.chatengine.common.users.Accounts;

/** What the room decisions read about users beyond the room: their accounts and how many rooms they are in. */
interface Directory {
    Accounts.Status status(String user);

    /** The rooms the user is a member of, as presence-stream last reported them. */
    int roomsOf(String user);
}
