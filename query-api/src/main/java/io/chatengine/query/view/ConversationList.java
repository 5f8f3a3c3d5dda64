package io.chatengine.query.view;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** One page of a user's conversation list, direct and rooms together. */
public final class ConversationList {
    /** Latest activity first; the same activity in name order, so pages do not shuffle. */
    static final Comparator<Conversation> ORDER = Comparator.comparingLong(Conversation::activity).reversed()
            .thenComparing(Conversation::name);

    private ConversationList() {
    }

    /**
     * The conversations whose activity is before {@code before} (epoch millis; Long.MAX_VALUE: all), latest first,
     * at most {@code limit}. The next page asks with the {@code at} of this page's last conversation as before.
     */
    public static List<Conversation> page(List<Conversation.Direct> direct, List<Conversation.InRoom> rooms,
                                          long before, int limit) {
        return Stream.<Conversation>concat(direct.stream(), rooms.stream())
                .filter(conversation -> conversation.activity() < before)
                .sorted(ORDER)
                .limit(limit)
                .toList();
    }
}
