package dev.warden.governance.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint an EventBridge API destination posts events to: {@code POST} of one event, authenticated by the
 * connection's API-key header. 401 without the key (nothing is read), 400 for a body that is not an event (not
 * retried by EventBridge), 503 when the intake has no room (EventBridge retries later), else 202: the event is
 * taken and handled in the background (a failure then is logged; the safety-net pass catches what it missed).
 */
public final class EventEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EventEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String headerName;
    private final ApiKey key;
    private final EventIntake intake;

    public EventEndpoint(String headerName, ApiKey key, EventIntake intake) {
        this.headerName = headerName;
        this.key = key;
        this.intake = intake;
    }

    public void register(RoutesConfig routes, String path) {
        routes.post(path, this::handle);
    }

    private void handle(Context ctx) {
        if (!key.matches(ctx.header(headerName))) {
            LOG.warn("Refused an event from {}: missing or wrong {} header", ctx.ip(), headerName);
            answer(ctx, 401, "error", "missing or wrong " + headerName + " header");
            return;
        }
        Optional<CompletableFuture<EventIntake.Outcome>> taken;
        try {
            taken = intake.offer(ctx.body());
        } catch (MalformedEventException e) {
            answer(ctx, 400, "error", "not a CloudTrail event: " + e.getMessage());
            return;
        }
        if (taken.isEmpty()) {
            // Back-pressure: EventBridge retries a 503 with backoff, and the backlog drains meanwhile.
            ctx.header("Retry-After", "1");
            answer(ctx, 503, "error", "too many events waiting; send it again");
            return;
        }
        // Handled in the background; a failure then is logged, and the safety-net pass finds what it missed.
        taken.get().whenComplete((outcome, failure) -> {
            if (failure != null) {
                LOG.warn("Could not handle an accepted event; the next pass catches up: {}", failure.toString());
            }
        });
        answer(ctx, 202, "outcome", "ACCEPTED");
    }

    private static void answer(Context ctx, int status, String field, String value) {
        ctx.status(status).contentType("application/json").result(JSON.createObjectNode().put(field, value).toString());
    }
}
