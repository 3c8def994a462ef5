package dev.warden.sandbox.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The session processes of one test and the event loop their callbacks run on. After the test every process is
 * closed and awaited, so that none outlives its test and disturbs the next; then the loop is closed.
 * Registered on an instance field, so that each test gets its own.
 */
final class SessionProcesses implements AfterEachCallback {

    private final EventLoop eventLoop = new EventLoop();
    private final List<SessionProcess> started = new ArrayList<>();

    /** Where the processes' callbacks run. */
    ExecutorService eventLoop() {
        return eventLoop.executor();
    }

    /** Closes {@code process} after the test. */
    <P extends SessionProcess> P track(P process) {
        started.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        started.forEach(SessionProcess::close);
        for (SessionProcess process : started) {
            process.whenTerminated().get(10, TimeUnit.SECONDS);
        }
        eventLoop.close();
    }
}
