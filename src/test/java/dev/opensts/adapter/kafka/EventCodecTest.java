package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.credentials.KeyRing;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.AccountEvent;
import dev.opensts.iam.AccountSettingsEvent;
import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.InstanceProfileEvent;
import dev.opensts.iam.GroupEvent;
import dev.opensts.iam.MfaDeviceEvent;
import dev.opensts.iam.OidcProviderEvent;
import dev.opensts.iam.PodIdentityAssociationEvent;
import dev.opensts.iam.PolicyEvent;
import dev.opensts.iam.RoleEvent;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    private static final String A = ACCOUNT;
    private static final String ARN = "arn:aws:iam::" + A + ":policy/ReadAll";
    private static final List<Tag> TAGS = List.of(new Tag("env", "prod"), new Tag("Team", "a b"));
    private static final String OIDC = "Token.example.com/realms/ci";
    private final EventCodec codec = new EventCodec();

    /** One event of every type, with every field set (and one with a null). */
    static List<IamEvent> oneOfEach() {
        return List.of(
                new AccountEvent.AccountCreated(A, "team-a", "AKIAROOT000000000001", "k1.c2VhbGVk", T0),
                new AccountEvent.RootKeyRotated(A, "AKIAROOT000000000002", "k1~c2VhbGVk", T0),
                new AccountEvent.RootSecretResealed(A, "AKIAROOT000000000002", "k2~c2VhbGVk"),
                new UserEvent.UserCreated(A, "Alice", "AIDAEXAMPLE000000001", "/eng/", TAGS, T0),
                new UserEvent.UserDeleted(A, "Alice"),
                new UserEvent.UserTagged(A, "Alice", TAGS),
                new UserEvent.UserUntagged(A, "Alice", List.of("env", "TEAM")),
                new UserEvent.AccessKeyCreated(A, "Alice", "AKIAEXAMPLE000000001", "k1.c2VhbGVk", T0),
                new UserEvent.AccessKeyStatusChanged(A, "Alice", "AKIAEXAMPLE000000001", AccessKeyStatus.Inactive),
                new UserEvent.AccessKeySecretResealed(A, "Alice", "AKIAEXAMPLE000000001", "k2~c2VhbGVk"),
                new UserEvent.AccessKeyDeleted(A, "Alice", "AKIAEXAMPLE000000001"),
                new UserEvent.UserPolicyPut(A, "Alice", "read", PERMISSIONS),
                new UserEvent.UserPolicyDeleted(A, "Alice", "read"),
                new UserEvent.UserPolicyAttached(A, "Alice", ARN),
                new UserEvent.UserPolicyDetached(A, "Alice", ARN),
                new UserEvent.UserPermissionsBoundaryPut(A, "Alice", ARN),
                new UserEvent.UserPermissionsBoundaryDeleted(A, "Alice"),
                new RoleEvent.RoleCreated(A, "App", "AROAEXAMPLE000000001", "/svc/", TRUST, "the app", 3600, TAGS, T0),
                new RoleEvent.RoleUpdated(A, "App", null, 7200),
                new RoleEvent.TrustPolicyUpdated(A, "App", TRUST_2),
                new RoleEvent.RoleTagged(A, "App", TAGS),
                new RoleEvent.RoleUntagged(A, "App", List.of("env")),
                new RoleEvent.RolePolicyPut(A, "App", "read", PERMISSIONS),
                new RoleEvent.RolePolicyDeleted(A, "App", "read"),
                new RoleEvent.RolePolicyAttached(A, "App", ARN),
                new RoleEvent.RolePolicyDetached(A, "App", ARN),
                new RoleEvent.RolePermissionsBoundaryPut(A, "App", ARN),
                new RoleEvent.RolePermissionsBoundaryDeleted(A, "App"),
                new RoleEvent.RoleDeleted(A, "App"),
                new PolicyEvent.PolicyCreated(A, "ReadAll", "ANPAEXAMPLE000000001", "/", "reads", PERMISSIONS, TAGS, T0),
                new PolicyEvent.PolicyDeleted(A, "ReadAll"),
                new PolicyEvent.PolicyVersionCreated(A, "ReadAll", "v2", PERMISSIONS, true, T0),
                new PolicyEvent.PolicyDefaultVersionSet(A, "ReadAll", "v1"),
                new PolicyEvent.PolicyVersionDeleted(A, "ReadAll", "v2"),
                new PolicyEvent.PolicyTagged(A, "ReadAll", TAGS),
                new PolicyEvent.PolicyUntagged(A, "ReadAll", List.of("env")),
                new OidcProviderEvent.OidcProviderCreated(A, OIDC, List.of("sts.amazonaws.com"),
                        List.of("9e99a48a9960b14926bb7f3b02e22da2b0ab7280"), TAGS, T0),
                new OidcProviderEvent.OidcProviderClientIdAdded(A, OIDC, "ci"),
                new OidcProviderEvent.OidcProviderClientIdRemoved(A, OIDC, "ci"),
                new OidcProviderEvent.OidcProviderThumbprintsUpdated(A, OIDC, List.of()),
                new OidcProviderEvent.OidcProviderTagged(A, OIDC, TAGS),
                new OidcProviderEvent.OidcProviderUntagged(A, OIDC, List.of("env")),
                new OidcProviderEvent.OidcProviderDeleted(A, OIDC),
                new PodIdentityAssociationEvent.PodIdentityAssociationCreated(A, "prod", "team-a", "builder",
                        "a-0123456789abcdefg", "eu-west-1", "arn:aws:iam::" + A + ":role/app", TAGS, "token-1", T0),
                new PodIdentityAssociationEvent.PodIdentityAssociationUpdated(A, "prod", "team-a", "builder",
                        "a-0123456789abcdefg", "arn:aws:iam::" + A + ":role/other", T0),
                new PodIdentityAssociationEvent.PodIdentityAssociationDeleted(A, "prod", "team-a", "builder",
                        "a-0123456789abcdefg"),
                new InstanceProfileEvent.InstanceProfileCreated(A, "Web", "AIPAEXAMPLE000000001", "/eng/", TAGS, T0),
                new InstanceProfileEvent.RoleAddedToInstanceProfile(A, "Web", "App", "AROAEXAMPLE000000001"),
                new InstanceProfileEvent.RoleRemovedFromInstanceProfile(A, "Web", "App", "AROAEXAMPLE000000001"),
                new InstanceProfileEvent.InstanceProfileTagged(A, "Web", TAGS),
                new InstanceProfileEvent.InstanceProfileUntagged(A, "Web", List.of("env")),
                new InstanceProfileEvent.InstanceProfileDeleted(A, "Web"),
                new GroupEvent.GroupCreated(A, "Devs", "AGPAEXAMPLE000000001", "/team/", T0),
                new GroupEvent.GroupUpdated(A, "Devs", "DEVS", "/"),
                new GroupEvent.GroupRenamedFrom(A, "Ops", "Devs", "AGPAEXAMPLE000000001", "/", T0,
                        new java.util.TreeMap<>(java.util.Map.of("p", PERMISSIONS)), List.of(ARN),
                        List.of(new dev.opensts.iam.GroupMember("Alice", "AIDAEXAMPLE000000001"))),
                new GroupEvent.GroupRenamedTo(A, "Devs", "Ops"),
                new GroupEvent.GroupDeleted(A, "Ops"),
                new GroupEvent.UserAddedToGroup(A, "Devs", "Alice", "AIDAEXAMPLE000000001"),
                new GroupEvent.UserRemovedFromGroup(A, "Devs", "Alice", "AIDAEXAMPLE000000001"),
                new GroupEvent.GroupPolicyPut(A, "Devs", "p", PERMISSIONS),
                new GroupEvent.GroupPolicyDeleted(A, "Devs", "p"),
                new GroupEvent.GroupPolicyAttached(A, "Devs", ARN),
                new GroupEvent.GroupPolicyDetached(A, "Devs", ARN),
                new MfaDeviceEvent.VirtualMfaDeviceCreated(A, "alice-phone", "/team/", "MFAEXAMPLE0000000001",
                        "k1~c2VhbGVk", TAGS, T0),
                new MfaDeviceEvent.MfaDeviceEnabled(A, "alice-phone", "Alice", "AIDAEXAMPLE000000001", T0, 58_000_001L),
                new MfaDeviceEvent.MfaDeviceResynced(A, "alice-phone", 58_000_010L),
                new MfaDeviceEvent.MfaCodeAccepted(A, "alice-phone", 58_000_011L),
                new MfaDeviceEvent.MfaDeviceDeactivated(A, "alice-phone", "Alice", "AIDAEXAMPLE000000001"),
                new MfaDeviceEvent.VirtualMfaDeviceTagged(A, "alice-phone", TAGS),
                new MfaDeviceEvent.VirtualMfaDeviceUntagged(A, "alice-phone", List.of("env")),
                new MfaDeviceEvent.MfaSeedResealed(A, "alice-phone", "MFAEXAMPLE0000000001", "k2~c2VhbGVk"),
                new MfaDeviceEvent.VirtualMfaDeviceDeleted(A, "alice-phone"),
                new UserEvent.LoginProfileCreated(A, "dave", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", true, T0),
                new UserEvent.LoginProfileUpdated(A, "dave", null, false),
                new UserEvent.PasswordChanged(A, "dave", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaB"),
                new UserEvent.LoginProfileDeleted(A, "dave"),
                new UserEvent.UserUpdated(A, "dave", "Dave", "/moved/"),
                new UserEvent.UserRenamedFrom(A, "david", "dave", "AIDADAVE", "/", TAGS, T0,
                        List.of(new dev.opensts.iam.AccessKey("AKIADAVE", "sealed", dev.opensts.iam.AccessKeyStatus.Active,
                                T0)), new java.util.TreeMap<>(java.util.Map.of("p", "{}")), List.of(ARN), ARN,
                        new dev.opensts.iam.LoginProfile("$argon2id$x", T0, true, List.of("$argon2id$y"))),
                new UserEvent.UserRenamedTo(A, "dave", "david"),
                new AccountSettingsEvent.AccountPasswordPolicyUpdated(A, new dev.opensts.iam.PasswordPolicy(8, true,
                        false, true, false, true, 90, 24, true)),
                new AccountSettingsEvent.AccountPasswordPolicyDeleted(A),
                new AccountSettingsEvent.AccountAliasCreated(A, "my-co"),
                new AccountSettingsEvent.AccountAliasDeleted(A, "my-co"));
    }

    static Set<Class<?>> leafTypes(Class<?> type) {
        var out = new HashSet<Class<?>>();
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                out.addAll(leafTypes(sub));
            }
        } else {
            out.add(type);
        }
        return out;
    }

    static final Actor ALICE = new Actor("IAMUser", "arn:aws:iam::" + A + ":user/ops/alice", "AKIAALICEKEY00000001",
            A);

    private static EventEnvelope<IamEvent> envelope(IamEvent event) {
        return new EventEnvelope<>("0b6c6f0e-7c1a-4a53-9d7e-2f7f6d0c1a01", event.streamId(), 3, T0, "opensts/replica-1",
                "req-42", ALICE, event);
    }

    private JsonNode tree(byte[] bytes) throws Exception {
        return codec.json().readTree(bytes);
    }

    @Test
    void the_samples_cover_every_event_type() {
        assertThat(oneOfEach().stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(leafTypes(IamEvent.class));
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void round_trip(IamEvent event) {
        EventEnvelope<IamEvent> e = envelope(event);
        assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void cloud_events_attributes(IamEvent event) throws Exception {
        JsonNode node = tree(codec.encode(envelope(event)));
        assertThat(node.path("specversion").asText()).isEqualTo("1.0");
        assertThat(node.path("id").asText()).isEqualTo("0b6c6f0e-7c1a-4a53-9d7e-2f7f6d0c1a01");
        assertThat(node.path("source").asText()).isEqualTo("opensts/replica-1");
        assertThat(node.path("type").asText()).isEqualTo("dev.opensts.iam." + event.getClass().getSimpleName());
        assertThat(node.path("subject").asText()).isEqualTo(event.streamId());
        assertThat(node.path("time").asText()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(node.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(node.path("schemaversion").isInt()).isTrue();
        assertThat(node.path("schemaversion").asInt()).isEqualTo(1);
        assertThat(node.path("expectedversion").asLong()).isEqualTo(3);
        assertThat(node.path("requestid").asText()).isEqualTo("req-42");
        assertThat(node.path("actortype").asText()).isEqualTo("IAMUser");
        assertThat(node.path("actorarn").asText()).isEqualTo("arn:aws:iam::" + A + ":user/ops/alice");
        assertThat(node.path("actoraccesskeyid").asText()).isEqualTo("AKIAALICEKEY00000001");
        assertThat(node.path("actoraccountid").asText()).isEqualTo(A);
        assertThat(node.path("data").path("accountId").asText()).isEqualTo(A);
    }

    @Test
    void the_operator_is_an_actor_without_key_arn_or_account() throws Exception {
        var e = new EventEnvelope<IamEvent>("id-1", StreamIdsOf.role("App"), 0, T0, "opensts/x", "req-1",
                Actor.admin(), new RoleEvent.RoleDeleted(A, "App"));
        JsonNode node = tree(codec.encode(e));
        assertThat(node.path("actortype").asText()).isEqualTo("OpenStsAdmin");
        assertThat(node.has("actorarn")).isFalse();
        assertThat(node.has("actoraccesskeyid")).isFalse();
        assertThat(node.has("actoraccountid")).isFalse();
        assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
    }

    /** Written before events named their actor: it still decodes, with no actor. */
    @Test
    void an_event_written_before_actors_decodes_without_one() {
        String old = """
                {"specversion":"1.0","id":"3f2b8c1e-6a57-4d0e-9b43-1c9e2f7a5d10","source":"/opensts/a1b2c3d4",
                 "type":"dev.opensts.iam.RoleDeleted","subject":"arn:aws:iam::123456789012:role/deployer",
                 "time":"2025-06-01T12:00:00.123Z","datacontenttype":"application/json","schemaversion":1,
                 "expectedversion":4,"requestid":"c0a8f3e2-51d4-4b7b-8f0e-2a6d9e1b4c77",
                 "data":{"accountId":"123456789012","roleName":"Deployer"}}""";
        var e = codec.decode(old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(e.actor()).isNull();
        assertThat(e.requestId()).isEqualTo("c0a8f3e2-51d4-4b7b-8f0e-2a6d9e1b4c77");
        assertThat(e.event()).isEqualTo(new RoleEvent.RoleDeleted("123456789012", "Deployer"));
        assertThat(e.expectedVersion()).isEqualTo(4);
    }

    @Test
    void request_id_is_optional() throws Exception {
        var e = new EventEnvelope<IamEvent>("id-1", StreamIdsOf.role("App"), 0, T0, "opensts/x", null,
                new RoleEvent.RoleDeleted(A, "App"));
        byte[] bytes = codec.encode(e);
        assertThat(tree(bytes).has("requestid")).isFalse();
        assertThat(codec.decode(bytes)).isEqualTo(e);
    }

    @Test
    void times_are_iso_8601_in_data_too() throws Exception {
        JsonNode data = tree(codec.encode(envelope(oneOfEach().stream()
                .filter(UserEvent.UserCreated.class::isInstance).findFirst().orElseThrow()))).path("data");
        assertThat(data.path("createDate").asText()).isEqualTo("2025-01-02T03:04:05Z");
    }

    @Test
    void an_access_key_secret_appears_only_sealed() {
        var ring = new KeyRing(java.util.Map.of("k1", new byte[32]), new SecureRandom());
        String plaintext = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        String keyId = "AKIAEXAMPLE000000001";
        String sealed = ring.sealString(plaintext, keyId);
        var event = new UserEvent.AccessKeyCreated(A, "Alice", keyId, sealed, T0);

        String json = new String(codec.encode(envelope(event)), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain(plaintext).doesNotContain(Base64.getEncoder()
                .encodeToString(plaintext.getBytes(StandardCharsets.UTF_8))).contains(sealed);
        var decoded = (UserEvent.AccessKeyCreated) codec.decode(json.getBytes(StandardCharsets.UTF_8)).event();
        assertThat(ring.openString(decoded.encryptedSecret(), keyId)).contains(plaintext);
    }

    @Test
    void unknown_type_is_rejected() {
        assertThatThrownBy(() -> codec.decode(mutate(n -> n.put("type", "dev.opensts.iam.RoleRenamed"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> codec.decode(mutate(n -> n.put("type", "dev.opensts.iam.IamEvent"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode(mutate(n -> n.put("type", "dev.opensts.iam.RoleEvent"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsupported_schema_version_is_rejected() {
        assertThatThrownBy(() -> codec.decode(mutate(n -> n.put("schemaversion", 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported schema version");
        assertThatThrownBy(() -> codec.decode(mutate(n -> n.remove("schemaversion"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void what_is_not_json_is_rejected() {
        assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The view feeder skips what decode rejects with IllegalArgumentException; anything else would
     * stop its batch. A record that cannot become a well-formed envelope must be rejected here.
     */
    @Test
    void an_incomplete_envelope_is_rejected() {
        for (Consumer<ObjectNode> broken : List.<Consumer<ObjectNode>>of(
                n -> n.remove("data"),
                n -> n.putNull("data"),
                n -> n.putObject("data"),
                n -> n.put("data", "RoleCreated"),
                n -> n.put("time", "yesterday"),
                n -> n.remove("time"),
                n -> n.remove("expectedversion"),
                n -> n.put("expectedversion", "three"),
                n -> n.put("expectedversion", -1),
                n -> n.remove("id"),
                n -> n.put("subject", "arn:aws:iam::" + A + ":role/other"))) {
            assertThatThrownBy(() -> codec.decode(mutate(broken))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private byte[] mutate(Consumer<ObjectNode> change) throws Exception {
        var node = (ObjectNode) tree(codec.encode(envelope(oneOfEach().get(12))));
        change.accept(node);
        return codec.json().writeValueAsBytes(node);
    }

    /** Keeps the one stream id this class needs close to its use. */
    private static final class StreamIdsOf {
        static String role(String name) {
            return dev.opensts.iam.StreamIds.role(A, name);
        }
    }

    @Test
    void every_type_is_named_after_its_record() {
        var names = new ArrayList<String>();
        for (Class<?> c : leafTypes(IamEvent.class)) {
            names.add(envelope(oneOfEach().stream().filter(c::isInstance).findFirst().orElseThrow()).type());
        }
        assertThat(names).allMatch(n -> n.matches("dev\\.opensts\\.iam\\.[A-Z][A-Za-z]+")).doesNotHaveDuplicates();
    }
}
