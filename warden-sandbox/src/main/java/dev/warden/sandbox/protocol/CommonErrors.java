package dev.warden.sandbox.protocol;

/** The errors every AWS JSON service answers the same way (Coral framework errors). */
public final class CommonErrors {

    private CommonErrors() {
    }

    public static AwsServiceException unknownOperation(String what) {
        return AwsServiceException.clientError("UnknownOperationException", what);
    }

    public static AwsServiceException serialization(String message) {
        return AwsServiceException.clientError("SerializationException", message);
    }

    /**
     * A constraint of the API model was violated, worded as AWS words it:
     * {@code 1 validation error detected: Value 'x' at 'target' failed to satisfy constraint: Member must …}.
     *
     * @param value      the offending value ({@code null} prints as {@code null}, others quoted)
     * @param member     the member path in lowerCamelCase, e.g. {@code documentName}
     * @param constraint e.g. {@code Member must not be null}
     */
    public static AwsServiceException validation(Object value, String member, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return AwsServiceException.clientError("ValidationException", "1 validation error detected: Value " + shown
                + " at '" + member + "' failed to satisfy constraint: " + constraint);
    }
}
