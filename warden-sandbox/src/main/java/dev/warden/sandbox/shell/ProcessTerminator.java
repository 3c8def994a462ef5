package dev.warden.sandbox.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kills a session's processes with SIGKILL.
 *
 * <p>A pty shell is the leader of a session of its own (pty4j calls {@code setsid()}), and everything it
 * starts stays in that session unless it deliberately leaves. Its process group alone is not enough: an
 * interactive {@code sh} gives every job a process group of its own. So {@link #killSession} kills the
 * shell's group and then every process whose session id is the shell's, found through the Linux
 * {@code /proc} filesystem, plus the shell's descendants as seen by the JDK (which also covers systems
 * without {@code /proc}). It repeats the sweep a few times so that a process forked during the sweep is
 * caught too.
 *
 * <p>Processes killed here that are not the JVM's own children are reaped by their new parent, normally
 * the system's init; the shell itself is the JVM's child and is reaped by pty4j.
 */
final class ProcessTerminator {

    private static final int SWEEPS = 5;
    private static final Path PROC = Path.of("/proc");

    private ProcessTerminator() {
    }

    /** Kills the session led by {@code leaderPid}: the leader, its process groups and its descendants. */
    static void killSession(long leaderPid) {
        if (!isSafeTarget(leaderPid) || ownSessionId().filter(sid -> sid == leaderPid).isPresent()) {
            return;
        }
        Set<Long> members = new HashSet<>(descendantsOf(leaderPid));
        LibC.INSTANCE.kill(-(int) leaderPid, LibC.SIGKILL);
        LibC.INSTANCE.kill((int) leaderPid, LibC.SIGKILL);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            members.addAll(sessionMembers(leaderPid));
            members.removeIf(pid -> !isAlive(pid));
            if (members.isEmpty()) {
                return;
            }
            members.forEach(ProcessTerminator::kill);
        }
    }

    /**
     * Kills {@code root} and its descendants. For a command that shares the JVM's session, so the session
     * cannot be used; its descendants are listed before the command dies, while they are still its
     * descendants.
     */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().collect(Collectors.toList());
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static void kill(long pid) {
        if (isSafeTarget(pid)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean isSafeTarget(long pid) {
        return pid > 1 && pid != ProcessHandle.current().pid();
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Set<Long> descendantsOf(long pid) {
        return ProcessHandle.of(pid)
                .map(handle -> handle.descendants().map(ProcessHandle::pid).collect(Collectors.toSet()))
                .orElseGet(HashSet::new);
    }

    private static Set<Long> sessionMembers(long sessionId) {
        if (!Files.isDirectory(PROC)) {
            return Set.of();
        }
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::pid)
                .filter(pid -> sessionIdOf(pid).filter(sid -> sid == sessionId).isPresent())
                .collect(Collectors.toSet());
    }

    private static Optional<Long> ownSessionId() {
        return sessionIdOf(ProcessHandle.current().pid());
    }

    /**
     * The session id from {@code /proc/<pid>/stat}. The command name (field 2) is in parentheses and may
     * itself contain spaces and parentheses, so fields are counted from the last {@code ')'}: state, ppid,
     * pgrp, session.
     */
    static Optional<Long> sessionIdOf(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
