package dev.warden.cli.resident;

import dev.warden.cli.Stdio;

import java.util.ArrayList;
import java.util.List;

/**
 * A command's stop signal inside the resident: its actions run once, when the launcher goes away (OpenSSH ended it,
 * or it was killed) or the resident itself is stopped, unless the command has ended first.
 */
final class StopActions implements Stdio.StopSignal {

    private final List<Runnable> actions = new ArrayList<>();
    private boolean stopped;
    private boolean ended;

    @Override
    public void whenStopped(Runnable action) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!stopped) {
                actions.add(action);
                return;
            }
        }
        // stopped already: the command learns it at once
        action.run();
    }

    /** Runs the actions, once, unless the command has ended. */
    void stop() {
        List<Runnable> toRun;
        synchronized (this) {
            if (stopped || ended) {
                return;
            }
            stopped = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** The command has ended: nothing is left to stop. */
    synchronized void ended() {
        ended = true;
        actions.clear();
    }
}
