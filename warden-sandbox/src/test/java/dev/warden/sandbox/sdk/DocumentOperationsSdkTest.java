package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.sandbox.testing.SandboxFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentFilter;
import software.amazon.awssdk.services.ssm.model.DocumentIdentifier;
import software.amazon.awssdk.services.ssm.model.DocumentKeyValuesFilter;
import software.amazon.awssdk.services.ssm.model.DocumentParameter;
import software.amazon.awssdk.services.ssm.model.DuplicateDocumentContentException;
import software.amazon.awssdk.services.ssm.model.GetDocumentResponse;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentContentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentOperationException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentSchemaVersionException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentVersionException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;

/** The document operations through the AWS SDK for Java, against the built-in and the account's documents. */
class DocumentOperationsSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHELL = "{\"schemaVersion\":\"1.0\",\"description\":\"Prod shell\","
            + "\"sessionType\":\"Standard_Stream\",\"inputs\":{\"idleSessionTimeout\":\"10\","
            + "\"maxSessionDuration\":\"60\",\"s3EncryptionEnabled\":true}}";

    private static SandboxFixture sandbox;
    private static SsmClient ssm;

    @BeforeAll
    static void start() {
        sandbox = new SandboxFixture();
        ssm = sandbox.ssm();
    }

    @AfterAll
    static void stop() {
        ssm.close();
        sandbox.close();
    }

    @Test
    void thePreferencesDocumentHasAwsDefaults() throws Exception {
        GetDocumentResponse doc = ssm.getDocument(b -> b.name("SSM-SessionManagerRunShell"));

        assertThat(doc.name()).isEqualTo("SSM-SessionManagerRunShell");
        assertThat(doc.documentTypeAsString()).isEqualTo("Session");
        assertThat(doc.documentFormatAsString()).isEqualTo("JSON");
        assertThat(doc.documentVersion()).isEqualTo("1");
        assertThat(doc.statusAsString()).isEqualTo("Active");
        JsonNode content = JSON.readTree(doc.content());
        assertThat(content.path("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(content.path("sessionType").asText()).isEqualTo("Standard_Stream");
        JsonNode inputs = content.path("inputs");
        assertThat(inputs.path("idleSessionTimeout").asText()).isEqualTo("20");
        assertThat(inputs.path("maxSessionDuration").asText()).isEmpty();
        assertThat(inputs.path("s3EncryptionEnabled").asBoolean()).isTrue();
        assertThat(inputs.path("cloudWatchStreamingEnabled").asBoolean()).isTrue();
        assertThat(inputs.path("runAsEnabled").asBoolean()).isFalse();
        assertThat(inputs.path("kmsKeyId").asText()).isEmpty();
        assertThat(inputs.path("shellProfile").path("linux").asText()).isEmpty();
    }

    @Test
    void getDocumentConvertsToYamlOnRequest() {
        GetDocumentResponse yaml = ssm.getDocument(b -> b.name("AWS-StartSSHSession").documentFormat("YAML"));

        assertThat(yaml.documentFormatAsString()).isEqualTo("YAML");
        assertThat(yaml.content()).contains("sessionType: Port").contains("schemaVersion: \"1.0\"")
                .doesNotContain("{\"");
    }

    @Test
    void describeDocumentListsParametersOfAwsOwnedDocuments() {
        DocumentDescription d = ssm.describeDocument(b -> b.name("AWS-StartPortForwardingSessionToRemoteHost"))
                .document();

        assertThat(d.owner()).isEqualTo("Amazon");
        assertThat(d.documentTypeAsString()).isEqualTo("Session");
        assertThat(d.schemaVersion()).isEqualTo("1.0");
        assertThat(d.hashTypeAsString()).isEqualTo("Sha256");
        assertThat(d.hash()).hasSize(64);
        assertThat(d.latestVersion()).isEqualTo("1");
        assertThat(d.defaultVersion()).isEqualTo("1");
        assertThat(d.platformTypesAsStrings()).contains("Linux");
        assertThat(d.parameters()).extracting(DocumentParameter::name)
                .containsExactly("portNumber", "localPortNumber", "host");
        assertThat(d.parameters()).filteredOn(p -> p.name().equals("portNumber"))
                .extracting(DocumentParameter::defaultValue).containsExactly("80");
        assertThat(d.parameters()).filteredOn(p -> p.name().equals("host"))
                .extracting(DocumentParameter::defaultValue).containsOnlyNulls();
    }

    @Test
    void createUpdateAndSetTheDefaultVersionOfASessionDocument() {
        DocumentDescription created = ssm.createDocument(b -> b.name("Prod-Shell").documentType("Session")
                .content(SHELL).tags(Tag.builder().key("Tier").value("prod").build())).documentDescription();
        assertThat(created.owner()).isEqualTo(SandboxFixture.ACCOUNT);
        assertThat(created.documentVersion()).isEqualTo("1");
        assertThat(created.description()).isEqualTo("Prod shell");
        assertThat(created.tags()).extracting(Tag::key).containsExactly("Tier");

        String v2 = SHELL.replace("\"10\"", "\"5\"");
        DocumentDescription updated = ssm.updateDocument(b -> b.name("Prod-Shell").documentVersion("$LATEST")
                .content(v2)).documentDescription();
        assertThat(updated.documentVersion()).isEqualTo("2");
        assertThat(updated.latestVersion()).isEqualTo("2");
        assertThat(updated.defaultVersion()).isEqualTo("1");
        assertThat(ssm.getDocument(b -> b.name("Prod-Shell")).content()).contains("\"10\"");
        assertThat(ssm.getDocument(b -> b.name("Prod-Shell").documentVersion("$LATEST")).content()).contains("\"5\"");

        var def = ssm.updateDocumentDefaultVersion(b -> b.name("Prod-Shell").documentVersion("2")).description();
        assertThat(def.name()).isEqualTo("Prod-Shell");
        assertThat(def.defaultVersion()).isEqualTo("2");
        assertThat(ssm.getDocument(b -> b.name("Prod-Shell")).content()).contains("\"5\"");
        assertThat(ssm.describeDocument(b -> b.name("Prod-Shell").documentVersion("1")).document().documentVersion())
                .isEqualTo("1");

        String session = ssm.startSession(b -> b.target("i-0a1b2c3d4e5f60001").documentName("Prod-Shell")).sessionId();
        var prefs = sandbox.server().sessions().find(session).orElseThrow().preferences();
        assertThat(prefs.idleTimeout()).hasMinutes(5);
        assertThat(prefs.maxDuration()).hasMinutes(60);
    }

    @Test
    void documentErrorsAreTheModelledOnes() {
        ssm.createDocument(b -> b.name("Dup-Doc").documentType("Session").content(SHELL));
        assertThatThrownBy(() -> ssm.createDocument(b -> b.name("Dup-Doc").documentType("Session").content(SHELL)))
                .isInstanceOfSatisfying(DocumentAlreadyExistsException.class, e -> assertThat(e.awsErrorDetails()
                        .errorCode()).isEqualTo("DocumentAlreadyExists"));
        assertThatThrownBy(() -> ssm.updateDocument(b -> b.name("Dup-Doc").documentVersion("$LATEST").content(SHELL)))
                .isInstanceOf(DuplicateDocumentContentException.class);
        assertThatThrownBy(() -> ssm.updateDocument(b -> b.name("Dup-Doc").documentVersion("7")
                .content(SHELL.replace("10", "11"))))
                .isInstanceOf(InvalidDocumentVersionException.class);
        assertThatThrownBy(() -> ssm.updateDocumentDefaultVersion(b -> b.name("Dup-Doc").documentVersion("9")))
                .isInstanceOf(InvalidDocumentVersionException.class);
        assertThatThrownBy(() -> ssm.createDocument(b -> b.name("Broken").documentType("Session").content("{nope")))
                .isInstanceOf(InvalidDocumentContentException.class);
        assertThatThrownBy(() -> ssm.createDocument(b -> b.name("Broken").documentType("Session")
                .content("{\"schemaVersion\":\"1.0\",\"sessionType\":\"Telnet\"}")))
                .isInstanceOf(InvalidDocumentContentException.class).hasMessageContaining("sessionType");
        assertThatThrownBy(() -> ssm.createDocument(b -> b.name("Broken").documentType("Session")
                .content("{\"schemaVersion\":\"2.2\",\"sessionType\":\"Port\"}")))
                .isInstanceOf(InvalidDocumentSchemaVersionException.class);
        assertThatThrownBy(() -> ssm.updateDocument(b -> b.name("AWS-StartSSHSession").documentVersion("$LATEST")
                .content(SHELL)))
                .isInstanceOf(InvalidDocumentOperationException.class);
        assertThatThrownBy(() -> ssm.getDocument(b -> b.name("Missing-Doc")))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDocument");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertThatThrownBy(() -> ssm.describeDocument(b -> b.name("Missing-Doc")))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> ssm.getDocument(b -> b.name("AWS-StartSSHSession").documentVersion("2")))
                .isInstanceOf(InvalidDocumentVersionException.class);
        assertThatThrownBy(() -> ssm.createDocument(b -> b.name("AWS-Mine").documentType("Session").content(SHELL)))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void listDocumentsFiltersByOwnerTypeAndNameAndPages() {
        ssm.createDocument(b -> b.name("Listed-Session").documentType("Session").content(SHELL));
        ssm.createDocument(b -> b.name("Listed-Command").documentType("Command")
                .content("{\"schemaVersion\":\"2.2\",\"description\":\"c\",\"mainSteps\":[]}"));

        List<String> amazon = names(ssm.listDocumentsPaginator(b -> b.filters(kv("Owner", "Amazon")))
                .documentIdentifiers().stream().toList());
        assertThat(amazon).containsExactlyInAnyOrder("AWS-StartPortForwardingSession",
                "AWS-StartPortForwardingSessionToRemoteHost", "AWS-StartSSHSession", "AWS-StartInteractiveCommand",
                "AWS-StartNonInteractiveCommand");
        List<String> mine = names(ssm.listDocumentsPaginator(b -> b.filters(kv("Owner", "Self"),
                kv("DocumentType", "Session"))).documentIdentifiers().stream().toList());
        assertThat(mine).contains("SSM-SessionManagerRunShell", "Listed-Session").doesNotContain("Listed-Command")
                .noneMatch(n -> n.startsWith("AWS-"));
        List<String> byName = names(ssm.listDocuments(b -> b.documentFilterList(
                DocumentFilter.builder().key("Name").value("Listed-").build())).documentIdentifiers());
        assertThat(byName).containsExactlyInAnyOrder("Listed-Session", "Listed-Command");

        var first = ssm.listDocuments(b -> b.maxResults(2));
        assertThat(first.documentIdentifiers()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        long total = ssm.listDocumentsPaginator(b -> b.maxResults(3)).documentIdentifiers().stream().count();
        assertThat(total).isEqualTo(sandbox.server().documents().all().size());

        DocumentIdentifier shell = ssm.listDocuments(b -> b.filters(kv("Name", "SSM-SessionManagerRunShell")))
                .documentIdentifiers().get(0);
        assertThat(shell.owner()).isEqualTo(SandboxFixture.ACCOUNT);
        assertThat(shell.documentTypeAsString()).isEqualTo("Session");
        assertThat(shell.schemaVersion()).isEqualTo("1.0");

        assertThatThrownBy(() -> ssm.listDocuments(b -> b.filters(kv("Colour", "red"))))
                .isInstanceOf(InvalidFilterKeyException.class);
    }

    private static DocumentKeyValuesFilter kv(String key, String value) {
        return DocumentKeyValuesFilter.builder().key(key).values(value).build();
    }

    private static List<String> names(List<DocumentIdentifier> ids) {
        return ids.stream().map(DocumentIdentifier::name).toList();
    }
}
