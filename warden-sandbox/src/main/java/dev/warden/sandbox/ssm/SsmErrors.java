package dev.warden.sandbox.ssm;

import dev.warden.sandbox.protocol.AwsServiceException;

/**
 * SSM's modelled errors, with the codes of the API model ({@code botocore/data/ssm/2014-11-06}) and the
 * message under {@code Message} as the model's shapes declare it. Message wording follows AWS where it is
 * known (e.g. "i-… is not connected.", "Parameter "host" has value … not matching …"); elsewhere it is
 * the sandbox's own and says what is wrong.
 */
public final class SsmErrors {

    private SsmErrors() {
    }

    public static AwsServiceException of(String code, String message) {
        return new AwsServiceException(code, 400, message, "Message");
    }

    public static AwsServiceException invalidDocument(String message) {
        return of("InvalidDocument", message);
    }

    public static AwsServiceException documentDoesNotExist(String name) {
        return invalidDocument("Document with name " + name + " does not exist.");
    }

    public static AwsServiceException invalidDocumentVersion(String message) {
        return of("InvalidDocumentVersion", message);
    }

    public static AwsServiceException invalidDocumentContent(String message) {
        return of("InvalidDocumentContent", message);
    }

    public static AwsServiceException invalidParameters(String message) {
        return of("InvalidParameters", message);
    }

    public static AwsServiceException targetNotConnected(String target) {
        return of("TargetNotConnected", target + " is not connected.");
    }

    public static AwsServiceException doesNotExist(String message) {
        return of("DoesNotExistException", message);
    }

    public static AwsServiceException invalidNextToken() {
        return of("InvalidNextToken", "The specified token is not valid.");
    }

    /** InvalidFilterKey has no Message member in the model; AWS sends it bare. */
    public static AwsServiceException invalidFilterKey() {
        return new AwsServiceException("InvalidFilterKey", 400, null, "Message");
    }

    public static AwsServiceException invalidResourceType() {
        return new AwsServiceException("InvalidResourceType", 400, null, "Message");
    }

    public static AwsServiceException invalidResourceId() {
        return new AwsServiceException("InvalidResourceId", 400, null, "Message");
    }
}
