package dev.warden.sandbox.ssm;

import dev.warden.sandbox.fleet.AccountRegion;
import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.protocol.JsonOperation;
import dev.warden.sandbox.protocol.JsonService;
import dev.warden.sandbox.session.SessionRegistry;
import dev.warden.sandbox.session.StreamUrls;
import dev.warden.sandbox.ssm.document.BuiltInDocuments;
import dev.warden.sandbox.ssm.document.DocumentStore;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSM API of every account and region of the sandbox. Each account and region has its own documents (so
 * its own session preferences), sees only the instances registered there and only the sessions on them; all
 * share the one session registry the data plane serves. A call goes to the account of its credentials and the
 * region its signature names. An account and region is set up on first use, with the built-in documents and
 * the configured initial preferences, as AWS accounts come with them.
 */
public final class SsmRegions {

    private final SessionRegistry sessions;
    private final Fleet fleet;
    private final StreamUrls streamUrls;
    private final Map<String, Object> initialPreferences;
    private final Clock clock;
    private final Map<AccountRegion, Regional> regionals = new ConcurrentHashMap<>();

    public SsmRegions(SessionRegistry sessions, Fleet fleet, StreamUrls streamUrls,
                      Map<String, Object> initialPreferences, Clock clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.streamUrls = Objects.requireNonNull(streamUrls, "streamUrls");
        this.initialPreferences = Collections.unmodifiableMap(new LinkedHashMap<>(initialPreferences));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The documents of {@code accountRegion}, SSM-SessionManagerRunShell (its session preferences) among them. */
    public DocumentStore documents(AccountRegion accountRegion) {
        return regional(accountRegion).documents();
    }

    /** The SSM API as one service that answers each call for the caller's account and region. */
    public JsonService service() {
        JsonService template = regional(null).api();
        Map<String, JsonOperation> routed = new LinkedHashMap<>();
        for (String name : template.operations().keySet()) {
            routed.put(name, (input, context) -> {
                return regional(context.accountRegion()).api().operation(name).orElseThrow().invoke(input, context);
            });
        }
        return new JsonService(template.targetPrefix(), template.signingName(), template.internalErrorCode(), routed);
    }

    /** One account and region; null gives an unbound template whose operation names are all that is used. */
    private Regional regional(AccountRegion accountRegion) {
        if (accountRegion == null) {
            return create(new AccountRegion("000000000000", "us-east-1"));
        }
        return regionals.computeIfAbsent(accountRegion, this::create);
    }

    private Regional create(AccountRegion accountRegion) {
        DocumentStore documents = new DocumentStore(clock);
        BuiltInDocuments.install(documents, accountRegion.accountId(), initialPreferences);
        JsonService api = SsmApi.create(sessions, fleet.in(accountRegion), documents, streamUrls,
                accountRegion.accountId(), clock);
        return new Regional(documents, api);
    }

    private record Regional(DocumentStore documents, JsonService api) {
    }
}
