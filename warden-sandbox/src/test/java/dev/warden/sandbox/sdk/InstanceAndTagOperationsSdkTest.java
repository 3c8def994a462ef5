package dev.warden.sandbox.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.sandbox.testing.SandboxFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationFilter;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceInformationFilterValueException;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidResourceTypeException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.TooManyTagsErrorException;

/** DescribeInstanceInformation and the tag operations through the AWS SDK for Java. */
class InstanceAndTagOperationsSdkTest {

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
    void theDefaultFleetIsListedWithAwsFieldsAcrossPages() {
        DescribeInstanceInformationResponse first = ssm.describeInstanceInformation(b -> b.maxResults(5));
        assertThat(first.instanceInformationList()).hasSize(5);
        assertThat(first.nextToken()).isNotNull();
        DescribeInstanceInformationResponse second = ssm.describeInstanceInformation(b -> b.maxResults(5)
                .nextToken(first.nextToken()));
        assertThat(second.instanceInformationList()).hasSize(1);
        assertThat(second.nextToken()).isNull();

        List<InstanceInformation> all = ssm.describeInstanceInformationPaginator(b -> b.maxResults(5))
                .instanceInformationList().stream().toList();
        assertThat(all).extracting(InstanceInformation::instanceId).containsExactly("i-0a1b2c3d4e5f60001",
                "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003", "i-0a1b2c3d4e5f60004", "i-0a1b2c3d4e5f60005",
                "mi-0a1b2c3d4e5f60006");
        InstanceInformation web = all.get(0);
        assertThat(web.pingStatusAsString()).isEqualTo("Online");
        assertThat(web.agentVersion()).isEqualTo("3.3.987.0");
        assertThat(web.platformTypeAsString()).isEqualTo("Linux");
        assertThat(web.platformName()).isEqualTo("Amazon Linux");
        assertThat(web.resourceTypeAsString()).isEqualTo("EC2Instance");
        assertThat(web.ipAddress()).isEqualTo("10.0.1.11");
        assertThat(web.computerName()).isEqualTo("ip-10-0-1-11.ec2.internal");
        assertThat(web.lastPingDateTime()).isBefore(sandbox.clock().instant());
        assertThat(web.isLatestVersion()).isTrue();
        InstanceInformation hybrid = all.get(5);
        assertThat(hybrid.resourceTypeAsString()).isEqualTo("ManagedInstance");
        assertThat(hybrid.name()).isEqualTo("onprem-dev-1");
        assertThat(hybrid.registrationDate()).isNotNull();
        assertThat(all.get(3).pingStatusAsString()).isEqualTo("ConnectionLost");
    }

    @Test
    void bothFilterStylesWork() {
        assertThat(ids(ssm.describeInstanceInformation(b -> b.filters(stringFilter("tag:Environment", "prod")))))
                .containsExactly("i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002");
        assertThat(ids(ssm.describeInstanceInformation(b -> b.filters(stringFilter("PingStatus", "ConnectionLost")))))
                .containsExactly("i-0a1b2c3d4e5f60004");
        assertThat(ids(ssm.describeInstanceInformation(b -> b.instanceInformationFilterList(
                InstanceInformationFilter.builder().key("ResourceType").valueSet("ManagedInstance").build()))))
                .containsExactly("mi-0a1b2c3d4e5f60006");
        assertThat(ids(ssm.describeInstanceInformation(b -> b.instanceInformationFilterList(
                InstanceInformationFilter.builder().key("InstanceIds").valueSet("i-0a1b2c3d4e5f60003",
                        "i-0ffffffffffffffff").build()))))
                .containsExactly("i-0a1b2c3d4e5f60003");
        assertThat(ids(ssm.describeInstanceInformation(b -> b.filters(stringFilter("tag-key", "Environment"),
                stringFilter("PlatformTypes", "Linux"))))).hasSize(6);
    }

    @Test
    void filterAndPagingErrorsAreModelled() {
        assertThatThrownBy(() -> ssm.describeInstanceInformation(b -> b.instanceInformationFilterList(
                InstanceInformationFilter.builder().key("Colour").valueSet("red").build())))
                .isInstanceOf(InvalidFilterKeyException.class);
        assertThatThrownBy(() -> ssm.describeInstanceInformation(b -> b.filters(stringFilter("Colour", "red"))))
                .isInstanceOf(InvalidFilterKeyException.class);
        assertThatThrownBy(() -> ssm.describeInstanceInformation(b -> b.filters(stringFilter("PingStatus", "Up"))))
                .isInstanceOfSatisfying(InvalidInstanceInformationFilterValueException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Up"));
        assertThatThrownBy(() -> ssm.describeInstanceInformation(b -> b.filters(stringFilter("InstanceIds", "web-1"))))
                .isInstanceOf(InvalidInstanceIdException.class);
        assertThatThrownBy(() -> ssm.describeInstanceInformation(b -> b.maxResults(4)))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("1 validation error detected: Value '4' at 'maxResults' failed to satisfy"
                                + " constraint: Member must have value greater than or equal to 5"));
        assertThatThrownBy(() -> ssm.describeInstanceInformation(b -> b.nextToken("bm90LWEtdG9rZW4")))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidNextToken"));
    }

    @Test
    void instanceTagsCanBeAddedListedAndRemovedAndFilterTheFleet() {
        String id = "i-0a1b2c3d4e5f60005";
        ssm.addTagsToResource(b -> b.resourceType("ManagedInstance").resourceId(id)
                .tags(tag("Environment", "staging"), tag("Owner", "team-a")));

        assertThat(ssm.listTagsForResource(b -> b.resourceType("ManagedInstance").resourceId(id)).tagList())
                .extracting(Tag::key, Tag::value)
                .contains(org.assertj.core.groups.Tuple.tuple("Environment", "staging"),
                        org.assertj.core.groups.Tuple.tuple("Owner", "team-a"),
                        org.assertj.core.groups.Tuple.tuple("Name", "web-dev-1"));
        assertThat(ids(ssm.describeInstanceInformation(b -> b.filters(stringFilter("tag:Environment", "staging")))))
                .contains(id);

        ssm.removeTagsFromResource(b -> b.resourceType("ManagedInstance").resourceId(id).tagKeys("Owner"));
        assertThat(ssm.listTagsForResource(b -> b.resourceType("ManagedInstance").resourceId(id)).tagList())
                .extracting(Tag::key).doesNotContain("Owner");
        assertThat(sandbox.server().fleet().find(id).orElseThrow().tags()).doesNotContainKey("Owner");
    }

    @Test
    void documentTagsWorkForTheAccountsDocuments() {
        ssm.addTagsToResource(b -> b.resourceType("Document").resourceId("SSM-SessionManagerRunShell")
                .tags(tag("Audited", "yes")));

        assertThat(ssm.listTagsForResource(b -> b.resourceType("Document").resourceId("SSM-SessionManagerRunShell"))
                .tagList()).extracting(Tag::key).containsExactly("Audited");
        assertThat(ssm.describeDocument(b -> b.name("SSM-SessionManagerRunShell")).document().tags())
                .extracting(Tag::value).containsExactly("yes");
    }

    @Test
    void tagErrorsAreModelled() {
        assertThatThrownBy(() -> ssm.listTagsForResource(b -> b.resourceType("ManagedInstance")
                .resourceId("i-0ffffffffffffffff")))
                .isInstanceOf(InvalidResourceIdException.class);
        assertThatThrownBy(() -> ssm.listTagsForResource(b -> b.resourceType("Document").resourceId("AWS-StartSSHSession")))
                .isInstanceOf(InvalidResourceIdException.class);
        assertThatThrownBy(() -> ssm.listTagsForResource(b -> b.resourceType("PatchBaseline").resourceId("pb-1")))
                .isInstanceOf(InvalidResourceTypeException.class);
        assertThatThrownBy(() -> ssm.addTagsToResource(b -> b.resourceType("ManagedInstance")
                .resourceId("i-0a1b2c3d4e5f60003").tags(tag("aws:reserved", "x"))))
                .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
        Tag[] many = new Tag[51];
        for (int i = 0; i < many.length; i++) {
            many[i] = tag("k" + i, "v");
        }
        assertThatThrownBy(() -> ssm.addTagsToResource(b -> b.resourceType("ManagedInstance")
                .resourceId("i-0a1b2c3d4e5f60003").tags(many)))
                .isInstanceOf(TooManyTagsErrorException.class);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static InstanceInformationStringFilter stringFilter(String key, String value) {
        return InstanceInformationStringFilter.builder().key(key).values(value).build();
    }

    private static List<String> ids(DescribeInstanceInformationResponse r) {
        return r.instanceInformationList().stream().map(InstanceInformation::instanceId).toList();
    }
}
