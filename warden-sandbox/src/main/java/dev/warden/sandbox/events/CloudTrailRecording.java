package dev.warden.sandbox.events;

import dev.warden.sandbox.protocol.JsonOperation;
import dev.warden.sandbox.protocol.JsonService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes an SSM service report its session and session-preference calls to an {@link EventBus}, as CloudTrail
 * records them: StartSession, ResumeSession, TerminateSession, and the document changes that alter session
 * preferences. Only successful calls produce an event.
 */
public final class CloudTrailRecording {

    /** The calls a session governor watches. */
    public static final Set<String> RECORDED = Set.of("StartSession", "ResumeSession", "TerminateSession",
            "CreateDocument", "UpdateDocument", "UpdateDocumentDefaultVersion");

    private CloudTrailRecording() {
    }

    public static JsonService recording(JsonService service, EventBus bus) {
        Map<String, JsonOperation> ops = new LinkedHashMap<>(service.operations());
        for (String name : RECORDED) {
            JsonOperation call = ops.get(name);
            if (call != null) {
                ops.put(name, (input, context) -> {
                    var output = call.invoke(input, context);
                    bus.record(name, input, output, context);
                    return output;
                });
            }
        }
        return new JsonService(service.targetPrefix(), service.signingName(), service.internalErrorCode(), ops);
    }
}
