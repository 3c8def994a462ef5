package dev.warden.governance.store;

import java.util.List;

/** One page of active sessions, and how many match the filter in all. */
public record SessionPage(List<ActiveSession> sessions, long total) {

    public SessionPage {
        sessions = List.copyOf(sessions);
    }
}
