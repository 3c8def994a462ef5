package dev.warden.governance.lease;

import dev.warden.governance.store.GovernanceStore;
import dev.warden.governance.trail.AuditTrail;
import dev.warden.governance.trail.RecordKind;
import dev.warden.governance.trail.Subject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A replica as its own process, for {@link ReplicaKillTest}: it shares the units with the other replicas and, for
 * each unit it may act on, does every piece of work that has come due (one per unit and time slot) exactly as
 * watch does an alert: claim the work's key under the unit's lease, POST it to the receiver, complete the claim
 * with its audit record. Its lease events go to standard output as {@code lease acquired UNIT FENCE} and
 * {@code lease lost UNIT}.
 *
 * <p>Arguments: store location, holder, lease period (ms), receiver URL, slot (ms), slots, units. The first due
 * time (epoch ms) is the first line of standard input, sent once every replica is up.
 */
public final class ReplicaProcess {

    private ReplicaProcess() {
    }

    public static void main(String[] args) throws Exception {
        String location = args[0];
        String holder = args[1];
        Duration period = Duration.ofMillis(Long.parseLong(args[2]));
        URI receiver = URI.create(args[3]);
        long slot = Long.parseLong(args[4]);
        int slots = Integer.parseInt(args[5]);
        List<String> units = IntStream.rangeClosed(1, Integer.parseInt(args[6])).mapToObj(i -> "pair:" + i).toList();

        Clock clock = Clock.systemUTC();
        GovernanceStore store = GovernanceStore.open(location);
        EffectClaims claims = new EffectClaims(store, new AuditTrail(store, clock), clock);
        LeaseKeeper keeper = new LeaseKeeper(new LeaseStore(store), holder, period, clock, new LeaseKeeper.Listener() {
            @Override
            public void acquired(Lease lease) {
                System.out.println("lease acquired " + lease.unit() + " " + lease.fence());
            }

            @Override
            public void lost(String unit) {
                System.out.println("lease lost " + unit);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            keeper.close();
            store.close();
        }));
        HttpClient http = HttpClient.newHttpClient();
        // A first request before the run, so that the run's first piece of work does not wait for a cold client.
        send(http, receiver, "warm-up " + holder + " false");
        keeper.share(units);
        long firstDue = Long.parseLong(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                .readLine().trim());

        Set<String> settled = new HashSet<>();
        while (true) {
            long now = clock.millis();
            for (String unit : units) {
                for (int s = 0; s < slots && firstDue + s * slot <= now; s++) {
                    String key = "due:" + unit + ":" + s;
                    Optional<Lease> lease = keeper.actionable(unit);
                    if (lease.isEmpty() || settled.contains(key)) {
                        continue;
                    }
                    try {
                        Optional<EffectClaims.Claim> claim = claims.claim(lease.get(), key);
                        if (claim.isPresent()) {
                            send(http, receiver, key + " " + holder + " " + claim.get().resumed());
                            claims.complete(claim.get(), List.of(new AuditTrail.Entry(RecordKind.ACTION, Subject.NONE,
                                    Map.of("work", key, "holder", holder, "resumed", claim.get().resumed()))));
                        }
                        settled.add(key);
                    } catch (LeaseLostException e) {
                        break;
                    }
                }
            }
            Thread.sleep(20);
        }
    }

    private static void send(HttpClient http, URI receiver, String body) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(receiver)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("the receiver answered " + response.statusCode());
        }
    }
}
