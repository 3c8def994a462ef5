package dev.warden.governance.events;

/** An event body that is not an EventBridge event of a CloudTrail call, or lacks what its kind must carry. */
public final class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
