package dev.opensts.adapter.postgres;

import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.MfaDeviceState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactStatesTest {
    private static final Instant NANOS = Instant.parse("2026-11-30T14:02:43.961885824Z");

    static RoleState role(Map<String, String> bindings) {
        var inline = new TreeMap<String, String>(Map.of("b", PERMISSIONS, "a", "{\"é\":\"ü 😀\"}"));
        return new RoleState(ACCOUNT, "App", "AROAAPP", "/team/", TRUST, "déscription", 43200,
                List.of(new Tag("k", "v"), new Tag("k2", "")), NANOS, inline, List.of(managedArn(1), managedArn(2)),
                managedArn(3), bindings);
    }

    static UserState user() {
        return new UserState(ACCOUNT, "Alice", "AIDAALICE", "/", List.of(), T0,
                List.of(new AccessKey("AKIA1", "k1.sealed", AccessKeyStatus.Active, T0),
                        new AccessKey("AKIA2", "k1.other", AccessKeyStatus.Inactive, NANOS)),
                new TreeMap<>(), List.of(), null);
    }

    @Test
    void every_state_record_reads_back_equal() {
        var states = List.of(role(Map.of("arn:aws:iam::123456789012:role/x", "AROAX")), role(null), user(),
                new AccountState("111122223333", "team", "AKIAROOT", "k1.root", T0),
                new AccountState("111122223333", null, null, null, null),
                ManagedPolicyState.created(ACCOUNT, "ReadAll", "ANPA1", "/", null, PERMISSIONS, tags(3),
                        Instant.ofEpochSecond(-5, 7)),
                new ManagedPolicyState(ACCOUNT, "Versions", "ANPA2", "/p/", "d", PERMISSIONS, tags(1), T0, "v3",
                        List.of(new dev.opensts.iam.PolicyVersion("v1", "{}", T0),
                                new dev.opensts.iam.PolicyVersion("v3", PERMISSIONS, T0.plusSeconds(1))), 4),
                new RoleState(ACCOUNT, "Min", "AROAMIN", "/", TRUST, null, 3600, List.of(), T0, new TreeMap<>(),
                        List.of(), null, null),
                new OidcProviderState(ACCOUNT, "token.example.com/realms/ci", List.of("sts.amazonaws.com", "ci"),
                        List.of("9e99a48a9960b14926bb7f3b02e22da2b0ab7280"), tags(2), T0),
                new OidcProviderState(ACCOUNT, "example.com", List.of(), List.of(), List.of(), T0),
                new PodIdentityAssociationState(ACCOUNT, "eu-west-1", "prod", "team-a", "builder",
                        "a-0123456789abcdefg", "arn:aws:iam::" + ACCOUNT + ":role/app", tags(2), "token-1", T0,
                        NANOS),
                new PodIdentityAssociationState(ACCOUNT, "us-east-1", "Prod_2", "ns", "sa.x", "a-zzzzzzzzzzzzzzzzz",
                        "arn:aws:iam::" + ACCOUNT + ":role/app", List.of(), null, T0, T0),
                new InstanceProfileState(ACCOUNT, "Web", "AIPAWEB", "/eng/",
                        List.of(new InstanceProfileState.Member("App", "AROAAPP")), tags(2), T0),
                new InstanceProfileState(ACCOUNT, "Empty", "AIPAEMPTY", "/", List.of(), List.of(), T0),
                new MfaDeviceState(ACCOUNT, "phone", "/team/", "MFAID", "k1~sealed", tags(2), T0, "alice",
                        "AIDAALICE", T0, 58_000_001L),
                new MfaDeviceState(ACCOUNT, "spare", "/", "MFAID2", "k1~sealed2", List.of(), T0, null, null, null,
                        0),
                new UserState(ACCOUNT, "Bob", "AIDABOB", "/", List.of(), T0, List.of(), new TreeMap<>(), List.of(),
                        null, new dev.opensts.iam.LoginProfile("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", NANOS,
                        true, List.of("h1", "h2"))),
                new dev.opensts.iam.AccountSettingsState(ACCOUNT, new dev.opensts.iam.PasswordPolicy(8, true, false,
                        true, false, true, 90, 24, null), "my-co"),
                new dev.opensts.iam.AccountSettingsState(ACCOUNT, null, "only-alias"));
        for (Object state : states) {
            byte[] bytes = StateCodec.compact(state);
            Object back = StateCodec.readCompact(StateCodec.kindOf(kindIdOf(state)), bytes);
            assertThat(back).as(state.getClass().getSimpleName()).isEqualTo(state);
        }
        assertThat(StateCodec.compact(null)).isNull();
    }

    @Test
    void collections_read_back_immutable_and_sorted_where_the_record_says_so() {
        RoleState back = (RoleState) StateCodec.readCompact("role", StateCodec.compact(role(Map.of("k", "v"))));
        assertThat(back.inlinePolicies()).isInstanceOf(java.util.SortedMap.class).containsOnlyKeys("a", "b");
        assertThat(back.inlinePolicies().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> back.tags().add(new Tag("x", "y"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> back.trustPrincipalIds().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void the_compact_form_is_smaller_than_the_json() throws Exception {
        RoleState state = role(null);
        int json = EventCodec.mapper().writeValueAsBytes(state).length;
        assertThat(StateCodec.compact(state).length).isLessThan(json);
    }

    @Test
    void a_large_state_is_stored_deflated_and_the_plain_format_of_earlier_versions_still_reads() {
        var compact = new CompactStates(RoleState.class);
        RoleState r = role(Map.of("arn:aws:iam::123456789012:role/x", "AROAX"));
        byte[] plain = compact.writePlain(r);
        byte[] stored = compact.write(r);
        assertThat(stored[0]).isEqualTo(CompactStates.FORMAT_DEFLATED);
        assertThat(plain[0]).isEqualTo(CompactStates.FORMAT);
        assertThat(stored.length).as("policy documents are JSON: deflated is smaller").isLessThan(plain.length);
        assertThat(compact.read(RoleState.class, stored)).isEqualTo(r);
        assertThat(compact.read(RoleState.class, plain)).as("written before the deflated format").isEqualTo(r);
        assertThat(compact.matches(RoleState.class, stored)).isTrue();
        assertThat(compact.matches(RoleState.class, plain)).isTrue();
    }

    @Test
    void a_small_state_stays_plain() {
        var compact = new CompactStates(AccountState.class);
        byte[] stored = compact.write(new AccountState("111122223333", "team", "AKIAROOT", "k1.root", T0));
        assertThat(stored[0]).isEqualTo(CompactStates.FORMAT);
    }

    @Test
    void a_corrupt_deflated_body_is_refused_not_misread() {
        var compact = new CompactStates(RoleState.class);
        byte[] stored = compact.write(role(null));
        for (int at : new int[]{9, 12, 13, 14, stored.length / 2, stored.length - 1}) {
            byte[] bad = stored.clone();
            bad[at] ^= (byte) 0x5A;
            assertThatThrownBy(() -> compact.read(RoleState.class, bad)).as("flipped at %d", at)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] lying = stored.clone();
        lying[8]++; // declares one byte more than it inflates to
        assertThatThrownBy(() -> compact.read(RoleState.class, lying)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A record that is RoleState with one component more: what a later version of the code could have. */
    record RoleStateV2(String accountId, String roleName, String roleId, String path, String trustPolicy,
                       String description, int maxSessionDuration, List<Tag> tags, Instant createDate,
                       java.util.SortedMap<String, String> inlinePolicies, List<String> attachedPolicyArns,
                       String permissionsBoundary, Map<String, String> trustPrincipalIds, String lastUsedRegion) {
    }

    @Test
    void a_state_written_under_another_layout_is_not_read_but_left_to_the_json() {
        var compact = new CompactStates(RoleState.class, RoleStateV2.class);
        assertThat(compact.fingerprint(RoleState.class)).isNotEqualTo(compact.fingerprint(RoleStateV2.class));
        RoleState r = role(null);
        byte[] newer = compact.write(new RoleStateV2(r.accountId(), r.roleName(), r.roleId(), r.path(),
                r.trustPolicy(), r.description(), r.maxSessionDuration(), r.tags(), r.createDate(),
                r.inlinePolicies(), r.attachedPolicyArns(), r.permissionsBoundary(), r.trustPrincipalIds(), "x"));
        assertThat(compact.read(RoleState.class, newer)).isNull();
        byte[] otherFormat = compact.write(r);
        otherFormat[0] = 9;
        assertThat(compact.read(RoleState.class, otherFormat)).isNull();
        assertThat(compact.read(RoleState.class, new byte[0])).isNull();
    }

    @Test
    void truncated_or_padded_bytes_of_the_right_layout_are_refused() {
        byte[] bytes = StateCodec.compact(role(null));
        for (int cut : new int[]{5, 6, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> StateCodec.readCompact("role", Arrays.copyOf(bytes, cut)))
                    .as("cut at %d", cut).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> StateCodec.readCompact("role", Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_record_with_a_component_of_no_compact_form_is_refused_at_construction() {
        record Odd(java.util.Set<String> names) {
        }
        assertThatThrownBy(() -> new CompactStates(Odd.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Set");
    }

    private static String kindIdOf(Object state) {
        return switch (state) {
            case RoleState r -> "arn:aws:iam::" + r.accountId() + ":role/x";
            case UserState u -> "arn:aws:iam::" + u.accountId() + ":user/x";
            case ManagedPolicyState p -> "arn:aws:iam::" + p.accountId() + ":policy/x";
            case OidcProviderState o -> o.arn();
            case PodIdentityAssociationState p -> dev.opensts.iam.StreamIds.podIdentityAssociation(p.accountId(),
                    p.clusterName(), p.namespace(), p.serviceAccount());
            case AccountState a -> "arn:aws:iam::" + a.accountId() + ":root";
            case InstanceProfileState p -> p.arn();
            case MfaDeviceState d -> dev.opensts.iam.StreamIds.mfaDevice(d.accountId(), d.deviceName());
            case dev.opensts.iam.AccountSettingsState a -> dev.opensts.iam.StreamIds.accountSettings(a.accountId());
            default -> throw new IllegalArgumentException();
        };
    }
}
