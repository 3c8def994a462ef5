package dev.warden.client.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.client.ClientOptions;
import dev.warden.client.SessionCoordinates;
import dev.warden.client.SessionListener;
import dev.warden.client.WardenClient;
import dev.warden.client.shell.ShellListener;
import dev.warden.client.shell.ShellSession;
import dev.warden.client.testing.ClientFrames;
import dev.warden.client.testing.FakeSsmEndpoint;
import dev.warden.client.testing.FakeSsmEndpoint.Answer;
import dev.warden.client.testing.ScriptedDataChannelServer;
import dev.warden.protocol.testing.SharedVectors;
import dev.warden.client.testing.TestCredentials;
import dev.warden.protocol.crypto.SessionCipher;
import dev.warden.protocol.crypto.SessionDataKey;
import dev.warden.protocol.frame.ClientMessage;
import dev.warden.protocol.payload.TerminalSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KMS-encrypted shell exchange of handshake.json (case standard-stream-kms), with the agent's frames sent byte
 * for byte: the client asks KMS GenerateDataKey for 64 bytes with the session's encryption context, answers the
 * handshake exactly as the official client did, proves the key with the encryption challenge (checked with the
 * agent's half of the key), shows the customer message, sends the initial terminal size in clear, and encrypts
 * and decrypts shell data.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KmsShellHandshakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final String SESSION = "sess-0123456789abcdef0";
    private static final String TARGET = "i-0123456789abcdef0";

    @Test
    void answers_the_encrypted_handshake_and_carries_encrypted_shell_data() throws Exception {
        JsonNode kms = SharedVectors.read("kms.json");
        byte[] dataKey = HexFormat.of().parseHex(kms.path("dataKeyPlaintextHex").asText());
        String blob = kms.path("ciphertextBlobBase64").asText();
        JsonNode vector = null;
        for (JsonNode c : SharedVectors.read("handshake.json").path("cases")) {
            if ("standard-stream-kms".equals(c.path("name").asText())) {
                vector = c;
            }
        }
        List<JsonNode> exchange = List.copyOf(toList(vector.path("exchange")));
        SessionCipher agent = SessionDataKey.of(dataKey.clone()).forAgent();
        SessionCipher clientView = SessionDataKey.of(dataKey.clone()).forClient();

        try (ScriptedDataChannelServer server = ScriptedDataChannelServer.start();
             FakeSsmEndpoint endpoint = FakeSsmEndpoint.start()) {
            endpoint.on("TrentService.GenerateDataKey", call -> Answer.ok("{\"CiphertextBlob\":\"" + blob
                    + "\",\"KeyId\":\"k\",\"Plaintext\":\"" + Base64.getEncoder().encodeToString(dataKey) + "\"}"));
            CompletableFuture<String> customerMessage = new CompletableFuture<>();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            ShellListener shell = data -> {
                synchronized (output) {
                    output.writeBytes(data);
                }
            };
            SessionListener events = new SessionListener() {
                @Override
                public void onCustomerMessage(String message) {
                    customerMessage.complete(message);
                }
            };
            try (WardenClient client = WardenClient.builder().region("us-east-1")
                    .credentials(new TestCredentials(Instant.now().plusSeconds(3600)))
                    .ssmEndpoint(endpoint.uri()).kmsEndpoint(endpoint.uri())
                    .options(ClientOptions.builder().clientVersion("1.2.677.0").build()).build()) {
                CompletableFuture<ShellSession> session = client.attachShellSession(new SessionCoordinates(SESSION,
                        "TOKEN", server.streamUrl(SESSION, "AAEAAb+c/d==")), TARGET, shell,
                        new TerminalSize(120, 40), events);
                ScriptedDataChannelServer.PeerConnection peer = server.nextConnection(STEP);
                assertThat(peer.nextText(STEP)).contains("\"TokenValue\":\"TOKEN\"");
                ClientFrames frames = new ClientFrames();

                peer.send(frame(exchange.get(0)));                         // HandshakeRequest with KMSEncryption
                assertThat(frames.expectAck(peer, 0, STEP).payload()).isEqualTo(payload(exchange.get(1)));
                ClientMessage response = frames.expectData(peer, 0, STEP);
                assertThat(new String(response.payload(), StandardCharsets.UTF_8))
                        .isEqualTo(vector.path("handshakeResponsePayloadText").asText());

                JsonNode kmsCall = JSON.readTree(endpoint.calls("TrentService.GenerateDataKey").get(0).body());
                assertThat(kmsCall.path("NumberOfBytes").asInt()).isEqualTo(64);
                assertThat(kmsCall.path("KeyId").asText()).isEqualTo(
                        vector.path("kmsGenerateDataKeyRequest").path("body").path("KeyId").asText());
                assertThat(kmsCall.path("EncryptionContext")).isEqualTo(
                        vector.path("kmsGenerateDataKeyRequest").path("body").path("EncryptionContext"));

                peer.send(frame(exchange.get(3)));                         // EncChallengeRequest
                assertThat(frames.expectAck(peer, 1, STEP).payload()).isEqualTo(payload(exchange.get(4)));
                ClientMessage answer = frames.expectData(peer, 1, STEP);
                assertThat(answer.payloadType()).isEqualTo(9);
                byte[] asked = clientView.decrypt(challenge(payload(exchange.get(3)))).value();
                byte[] answered = agent.decrypt(challenge(answer.payload())).value();
                assertThat(answered).as("the challenge, re-encrypted with the client's key").isEqualTo(asked);

                peer.send(frame(exchange.get(6)));                         // HandshakeComplete
                assertThat(frames.expectAck(peer, 2, STEP).payload()).isEqualTo(payload(exchange.get(7)));
                assertThat(customerMessage.get(5, TimeUnit.SECONDS)).isEqualTo("This session is encrypted using AWS KMS.");
                ClientMessage size = frames.expectData(peer, 2, STEP);
                assertThat(size.payload()).as("Size stays in clear").isEqualTo(payload(exchange.get(8)));

                ShellSession shellSession = session.get(5, TimeUnit.SECONDS);
                shellSession.send("whoami\r".getBytes(StandardCharsets.US_ASCII));
                ClientMessage keys = frames.expectData(peer, 3, STEP);
                assertThat(keys.payloadType()).isEqualTo(1);
                assertThat(keys.payload()).hasSize(7 + SessionCipher.OVERHEAD);
                assertThat(agent.decrypt(keys.payload()).value()).isEqualTo("whoami\r".getBytes(StandardCharsets.US_ASCII));

                peer.send(frame(exchange.get(10)));                        // encrypted Output from the agent
                assertThat(frames.expectAck(peer, 3, STEP).payload()).isEqualTo(payload(exchange.get(11)));
                synchronized (output) {
                    assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("ssm-user\r\n");
                }
                assertThat(frames.tolerated()).isEmpty();
            }
        }
    }

    private static byte[] challenge(byte[] payload) throws Exception {
        return Base64.getDecoder().decode(JSON.readTree(payload).path("Challenge").asText());
    }

    private static byte[] frame(JsonNode step) {
        return HexFormat.of().parseHex(step.path("frame").path("frameHex").asText());
    }

    private static byte[] payload(JsonNode step) {
        return Base64.getDecoder().decode(step.path("frame").path("payloadBase64").asText());
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}
