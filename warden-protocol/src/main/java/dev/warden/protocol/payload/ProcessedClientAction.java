package dev.warden.protocol.payload;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a HandshakeResponse's {@code ProcessedClientActions}:
 * {@code {"ActionType":…,"ActionStatus":<int>,"ActionResult":<json>,"Error":"<text>"}}
 * (client-protocol.md §5.2).
 *
 * @param actionType   the type of the action answered
 * @param actionStatus 1 success, 2 failed, 3 unsupported; kept as a number because the official client
 *                     writes 0 for unknown actions
 * @param actionResult the result; {@link ActionResult#NONE} for none
 * @param error        empty on success
 */
public record ProcessedClientAction(String actionType, int actionStatus, ActionResult actionResult, String error) {

    public ProcessedClientAction {
        Objects.requireNonNull(actionType, "actionType");
        Objects.requireNonNull(actionResult, "actionResult");
        Objects.requireNonNull(error, "error");
    }

    /** A successful action. */
    public static ProcessedClientAction succeeded(String actionType, ActionResult result) {
        return new ProcessedClientAction(actionType, ActionStatus.SUCCESS.code(), result, "");
    }

    /**
     * A failed action, with the official client's error text {@code "Failed to process action <type>: <detail>"}.
     * The same detail belongs in the response's {@code Errors}.
     */
    public static ProcessedClientAction failed(String actionType, String detail) {
        return new ProcessedClientAction(actionType, ActionStatus.FAILED.code(), ActionResult.NONE,
                "Failed to process action " + actionType + ": " + detail);
    }

    /**
     * An action type the client does not support: status 3 and the error {@code "Unsupported action <type>"}.
     *
     * <p>Deviation from the official client, which leaves the status at 0 and writes the 3 into
     * {@code ActionResult} instead. The agent fails the handshake either way (any status other than 1 is a
     * failure); this form says what was meant, and the agent's error text then reads "status 3".
     */
    public static ProcessedClientAction unsupported(String actionType) {
        return new ProcessedClientAction(actionType, ActionStatus.UNSUPPORTED.code(), ActionResult.NONE,
                "Unsupported action " + actionType);
    }

    /** The status as an enum, or empty for values no peer defines. */
    public Optional<ActionStatus> status() {
        return ActionStatus.fromCode(actionStatus);
    }

    public boolean isSuccess() {
        return actionStatus == ActionStatus.SUCCESS.code();
    }
}
