package dev.warden.sandbox.events;

import java.net.URI;

/**
 * Where the sandbox delivers the EventBridge events of its API calls, as an EventBridge rule would: an SQS queue
 * of the sandbox's own account and region, and an API destination (an HTTP endpoint with the connection's API-key
 * header).
 *
 * @param sqsQueue      the queue's name, or null
 * @param httpUrl       the API destination, or null
 * @param httpHeader    the API-key header name of its connection, or null for none
 * @param httpKey       the API key, or null
 * @param duplicateRate fault: probability (0-1) that an event is delivered twice (EventBridge delivers at least
 *                      once)
 */
public record EventTargets(String sqsQueue, URI httpUrl, String httpHeader, String httpKey, double duplicateRate) {

    public static final EventTargets NONE = new EventTargets(null, null, null, null, 0);

    public boolean any() {
        return sqsQueue != null || httpUrl != null;
    }

    /** Redacts the API key. */
    @Override
    public String toString() {
        return "EventTargets[sqsQueue=" + sqsQueue + ", httpUrl=" + httpUrl + ", httpHeader=" + httpHeader
                + ", duplicateRate=" + duplicateRate + "]";
    }
}
