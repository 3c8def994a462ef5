package dev.warden.sandbox.shell;

import dev.warden.sandbox.shell.ProcessStartException.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Runs session processes as another local user, with the agent's checks and error texts
 * ({@code shell_unix.go}; agent-side spec §5.2):
 * <ul>
 *   <li>a blank user name → {@code please set the RunAs default user};</li>
 *   <li>the sandbox is not running as root → {@code the agent must run as root to use RunAs};</li>
 *   <li>no such user → {@code failed to start pty since RunAs user <u> does not exist} (the agent uses this
 *       text for commands too);</li>
 *   <li>a user or primary group id of 0 → {@code invalid uid and gid} (the agent refuses to "RunAs" root).</li>
 * </ul>
 *
 * <p>The agent sets the credentials in Go's {@code SysProcAttr}; Java cannot, so the process is started
 * through util-linux's {@code setpriv}, which is part of every Debian system: it switches real and
 * effective uid and gid, sets the user's supplementary groups and then {@code exec}s the program. No extra
 * process stays around (unlike {@code su} or {@code runuser}, which fork to keep a PAM session), so the
 * process id, signals and the exit status are those of the program itself.
 */
final class RunAs {

    private static final String SETPRIV = "setpriv";
    private static final long ID_LOOKUP_TIMEOUT_SECONDS = 10;

    /** Finds a local account by name. */
    interface UserDatabase {
        /** The account, empty if there is no such user. */
        Optional<RunAsAccount> find(String user) throws IOException;
    }

    private final IntSupplier effectiveUid;
    private final UserDatabase users;

    RunAs(IntSupplier effectiveUid, UserDatabase users) {
        this.effectiveUid = effectiveUid;
        this.users = users;
    }

    /** RunAs for this JVM: its real effective uid, and the system's user database through {@code id}. */
    static RunAs system() {
        return new RunAs(LibC.INSTANCE::geteuid, RunAs::findWithIdCommand);
    }

    /** Checks that {@code user} can be switched to, exactly in the agent's order. */
    RunAsAccount resolve(String user) throws ProcessStartException {
        if (user == null || user.isBlank()) {
            throw new ProcessStartException(Stage.PREPARING, "please set the RunAs default user");
        }
        if (effectiveUid.getAsInt() != 0) {
            throw new ProcessStartException(Stage.PREPARING, "the agent must run as root to use RunAs");
        }
        Optional<RunAsAccount> account;
        try {
            account = users.find(user);
        } catch (IOException e) {
            throw new ProcessStartException(Stage.PREPARING, e.getMessage(), e);
        }
        if (account.isEmpty()) {
            throw new ProcessStartException(Stage.PREPARING,
                    "failed to start pty since RunAs user " + user + " does not exist");
        }
        if (account.get().uid() <= 0 || account.get().gid() <= 0) {
            throw new ProcessStartException(Stage.PREPARING, "invalid uid and gid");
        }
        return account.get();
    }

    /**
     * The words to put in front of a command so that it runs as {@code account}.
     *
     * @param searchPath the PATH in which {@code setpriv} must be found
     */
    static List<String> commandPrefix(RunAsAccount account, String searchPath, Path workingDirectory)
            throws ProcessStartException {
        if (ExecutableCheck.programProblem(SETPRIV, searchPath, workingDirectory).isPresent()) {
            throw new ProcessStartException(Stage.PREPARING,
                    "RunAs needs the setpriv program (util-linux), which is not on the PATH");
        }
        return List.of(SETPRIV,
                "--reuid=" + account.uid(),
                "--regid=" + account.gid(),
                "--init-groups",
                "--");
    }

    /** Looks the user up with {@code id -u} and {@code id -g}, as the agent does (it uses {@code sh -c "id …"}). */
    private static Optional<RunAsAccount> findWithIdCommand(String user) throws IOException {
        Optional<Long> uid = idOf("-u", user);
        if (uid.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> gid = idOf("-g", user);
        return gid.map(g -> new RunAsAccount(user, uid.get(), g));
    }

    private static Optional<Long> idOf(String option, String user) throws IOException {
        // "--" keeps a user name that starts with '-' from being read as an option; no shell is involved.
        Process id = new ProcessBuilder("id", option, "--", user)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        id.getOutputStream().close();
        try {
            byte[] out = id.getInputStream().readAllBytes();
            if (!id.waitFor(ID_LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                id.destroyForcibly();
                throw new IOException("id " + option + " " + user + " did not finish");
            }
            if (id.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(new String(out, StandardCharsets.US_ASCII).strip()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            id.destroyForcibly();
            throw new IOException("interrupted while looking up user " + user, e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
