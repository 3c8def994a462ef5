package dev.warden.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.sandbox.testing.SandboxFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Requests no SDK would send: every one gets AWS's error shape ({@code __type}, message,
 * {@code x-amzn-ErrorType}, {@code x-amzn-RequestId}, status), and the sandbox keeps serving afterwards.
 */
class MalformedRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SandboxFixture sandbox;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture();
        http = new RawHttp(sandbox.endpoint());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** After every bad request, a normal SDK call must still work. */
    @AfterEach
    void theSandboxStillServes() {
        try (SsmClient ssm = sandbox.ssm()) {
            assertThat(ssm.describeInstanceInformation().instanceInformationList()).hasSize(6);
        }
    }

    @Test
    void anUnknownOperationIsUnknownOperationException() throws Exception {
        assertJsonError(http.signedJson("AmazonSSM.FlyToTheMoon", "{}"), 400, "UnknownOperationException");
        assertJsonError(http.signedJson("AmazonEC2.DescribeInstances", "{}"), 400, "UnknownOperationException");
        assertJsonError(http.signedJson("TrentService.ScheduleKeyDeletion", "{}"), 400, "UnknownOperationException");
        assertJsonError(http.signedJson("NoDotAtAll", "{}"), 400, "UnknownOperationException");
    }

    @Test
    void operationsAreResolvedBeforeAuthenticationAsInAws() throws Exception {
        assertJsonError(http.unsigned("POST", "/", "application/x-amz-json-1.1", "AmazonSSM.FlyToTheMoon", "{}"),
                400, "UnknownOperationException");
        assertJsonError(http.unsigned("POST", "/", "application/x-amz-json-1.1", "AmazonSSM.StartSession", "{}"),
                400, "MissingAuthenticationTokenException");
    }

    @Test
    void malformedJsonIsASerializationException() throws Exception {
        for (String body : new String[] {"{\"Target\":", "[1,2,3]", "\"just a string\"", "{\"Target\": 5}",
                "{\"Target\":\"i-0a1b2c3d4e5f60001\"} trailing", "{\"a\":1,\"a\":2}",
                "[".repeat(5000) + "]".repeat(5000)}) {
            JsonNode error = assertJsonError(http.signedJson("AmazonSSM.StartSession", body), 400,
                    "SerializationException");
            assertThat(error.path("message").asText()).as(body.length() > 40 ? "deep nesting" : body).isNotBlank();
        }
    }

    @Test
    void binaryGarbageIsASerializationException() throws Exception {
        byte[] garbage = new byte[256 * 1024];
        new Random(42).nextBytes(garbage);
        assertJsonError(http.signedPost("ssm", "application/x-amz-json-1.1", "AmazonSSM.DescribeSessions", garbage),
                400, "SerializationException");
    }

    @Test
    void theWrongContentTypeIsRejected() throws Exception {
        assertJsonError(http.signedPost("ssm", "text/plain", "AmazonSSM.DescribeSessions",
                "{\"State\":\"Active\"}".getBytes(StandardCharsets.UTF_8)), 400, "UnknownOperationException");
        assertJsonError(http.signedPost("ssm", null, "AmazonSSM.DescribeSessions",
                "{\"State\":\"Active\"}".getBytes(StandardCharsets.UTF_8)), 400, "UnknownOperationException");
    }

    @Test
    void otherMethodsAndPathsAreUnknownOperations() throws Exception {
        assertJsonError(http.unsigned("GET", "/", null, null, null), 404, "UnknownOperationException");
        assertJsonError(http.unsigned("POST", "/v1/data-channel/x", "application/x-amz-json-1.1",
                "AmazonSSM.StartSession", "{}"), 404, "UnknownOperationException");
        assertJsonError(http.unsigned("DELETE", "/", null, null, null), 404, "UnknownOperationException");
        assertJsonError(http.unsigned("POST", "/", "application/x-amz-json-1.1", null, "{}"), 400,
                "UnknownOperationException");
    }

    @Test
    void anEmptyBodyIsAnEmptyRequest() throws Exception {
        HttpResponse<String> r = http.signedJson("AmazonSSM.DescribeInstanceInformation", "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("InstanceInformationList").size()).isEqualTo(6);
        assertJsonError(http.signedJson("AmazonSSM.StartSession", ""), 400, "ValidationException");
    }

    @Test
    void successfulResponsesCarryAwsHeadersAndPlainNumberTimestamps() throws Exception {
        HttpResponse<String> start = http.signedJson("AmazonSSM.StartSession", "{\"Target\":\"i-0a1b2c3d4e5f60001\"}");
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(start.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/x-amz-json-1.1"));
        assertThat(start.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(v -> assertThat(v)
                .matches("[0-9a-f-]{36}"));
        assertThat(start.headers().allValues("Date")).hasSize(1);

        HttpResponse<String> described = http.signedJson("AmazonSSM.DescribeSessions", "{\"State\":\"Active\"}");
        assertThat(described.body()).containsPattern("\"StartDate\":\\d{10}\\.\\d{3}[,}]");
    }

    @Test
    void queryProtocolErrorsAreXml() {
        HttpResponse<String> invalidAction = http.signedPost("sts", "application/x-www-form-urlencoded; charset=utf-8",
                null, "Action=FlyToTheMoon&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
        assertThat(invalidAction.statusCode()).isEqualTo(400);
        assertThat(invalidAction.body()).startsWith("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .contains("<Type>Sender</Type><Code>InvalidAction</Code>")
                .contains("<Message>Could not find operation FlyToTheMoon for version 2011-06-15</Message>")
                .containsPattern("<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$");

        HttpResponse<String> missing = http.signedPost("sts", "application/x-www-form-urlencoded", null,
                "Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
        assertThat(missing.body()).contains("<Code>MissingAction</Code>");

        HttpResponse<String> unsigned = http.unsigned("POST", "/", "application/x-www-form-urlencoded", null,
                "Action=GetCallerIdentity&Version=2011-06-15");
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>");

        HttpResponse<String> badEncoding = http.signedPost("sts", "application/x-www-form-urlencoded", null,
                "Action=GetCallerIdentity&Version=%zz".getBytes(StandardCharsets.UTF_8));
        assertThat(badEncoding.statusCode()).isEqualTo(400);
        assertThat(badEncoding.body()).contains("<Code>MalformedQueryString</Code>");
    }

    @Test
    void aRequestForTheWrongServiceScopeIsRejected() throws Exception {
        HttpResponse<String> r = http.signedPost("kms", "application/x-amz-json-1.1", "AmazonSSM.DescribeSessions",
                "{\"State\":\"Active\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode error = assertJsonError(r, 400, "InvalidSignatureException");
        assertThat(error.path("message").asText()).contains("'ssm'");
    }

    private static JsonNode assertJsonError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(code);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/x-amz-json-1.1"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo(code);
        return body;
    }
}
