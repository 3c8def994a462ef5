package dev.warden.sandbox.ssm;

import dev.warden.sandbox.fleet.Fleet;
import dev.warden.sandbox.protocol.JsonOperation;
import dev.warden.sandbox.protocol.JsonService;
import dev.warden.sandbox.session.SessionRegistry;
import dev.warden.sandbox.session.StreamUrls;
import dev.warden.sandbox.ssm.document.DocumentStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SSM API ({@code X-Amz-Target: AmazonSSM.<Operation>}, signing name {@code ssm}) as a {@link JsonService}. */
public final class SsmApi {

    private SsmApi() {
    }

    public static JsonService create(SessionRegistry sessions, Fleet fleet, DocumentStore documents,
                                     StreamUrls streamUrls, String accountId, Clock clock) {
        SessionApi sessionApi = new SessionApi(sessions, fleet, documents, streamUrls, clock);
        InstanceInformationApi instances = new InstanceInformationApi(fleet, clock);
        DocumentApi documentApi = new DocumentApi(documents, accountId);
        TagApi tags = new TagApi(fleet, documents);

        Map<String, JsonOperation> ops = new LinkedHashMap<>();
        ops.put("StartSession", sessionApi::startSession);
        ops.put("ResumeSession", sessionApi::resumeSession);
        ops.put("TerminateSession", sessionApi::terminateSession);
        ops.put("DescribeSessions", sessionApi::describeSessions);
        ops.put("DescribeInstanceInformation", instances::describeInstanceInformation);
        ops.put("GetDocument", documentApi::getDocument);
        ops.put("DescribeDocument", documentApi::describeDocument);
        ops.put("CreateDocument", documentApi::createDocument);
        ops.put("UpdateDocument", documentApi::updateDocument);
        ops.put("UpdateDocumentDefaultVersion", documentApi::updateDocumentDefaultVersion);
        ops.put("ListDocuments", documentApi::listDocuments);
        ops.put("AddTagsToResource", tags::addTags);
        ops.put("RemoveTagsFromResource", tags::removeTags);
        ops.put("ListTagsForResource", tags::listTags);
        return new JsonService("AmazonSSM", "ssm", "InternalServerError", ops);
    }
}
