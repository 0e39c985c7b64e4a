package dev.opensts.app.sts;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.iam.Roles;
import dev.opensts.app.iam.UserChange;
import dev.opensts.app.iam.Users;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import dev.opensts.policy.PrincipalType;
import dev.opensts.error.AwsException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.opensts.app.AppFixture.await;
import static dev.opensts.app.AppFixture.failure;
import static dev.opensts.app.AppFixture.root;

/** What the STS tests share: roles and users made through the IAM use cases, requests, and the STS calls. */
final class StsFixture {
    final AppFixture app;
    private int requests;

    StsFixture(AppFixture app) {
        this.app = app;
    }

    /** A trust policy letting these principals (ARNs or account ids) perform these actions. */
    static String trust(List<String> principals, String... actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + quoted(principals) + "},\"Action\":" + quoted(Arrays.asList(actions)) + "}]}";
    }

    /** A trust policy letting one principal assume the role. */
    static String trusting(String principal) {
        return trust(List.of(principal), "sts:AssumeRole");
    }

    static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /** A role of the account the creator belongs to, created through the IAM use case (trust bindings included). */
    RoleState role(Caller creator, String name, String path, String trust, Integer maxSessionDuration) {
        return await(app.roles.create(creator, new Roles.NewRole(name, path, trust, null, maxSessionDuration,
                List.of(), null), "setup"));
    }

    RoleState role(String name, String trust) {
        return role(root(), name, "/", trust, null);
    }

    /** A user of the creator's account with these inline policies. */
    UserState user(Caller creator, String name, String... policies) {
        UserState u = await(app.users.create(creator, new Users.NewUser(name, "/", List.of(), null), "setup"));
        for (int i = 0; i < policies.length; i++) {
            await(app.users.change(creator, new UserChange.PutInlinePolicy(name, "p" + i, policies[i]), "setup"));
        }
        return app.view.user(u.accountId(), name);
    }

    /** The user's caller with its long-term key, as it is in the view now. */
    static Caller callerOf(UserState u) {
        return new Caller(u.accountId(), u.arn(), PrincipalType.USER, u.userId(), u.userName(),
                "AKIA" + u.userId().substring(4), "192.0.2.1", true, "test", null, "us-east-1");
    }

    /** An AssumeRole request for this role ARN and session name, nothing else set. */
    static Req req(String roleArn, String sessionName) {
        return new Req(roleArn, sessionName);
    }

    IssuedCredentials assumed(Caller caller, Req r) {
        return await(app.sts.assumeRole(caller, r.build(), "req-" + ++requests));
    }

    AwsException refused(Caller caller, Req r) {
        return failure(app.sts.assumeRole(caller, r.build(), "req-" + ++requests));
    }

    /** AssumeRoleRequest with withers, for readable tests. */
    static final class Req {
        final String roleArn;
        final String sessionName;
        Integer duration;
        String policy;
        final List<String> policyArns = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<String> transitive = new ArrayList<>();
        String externalId;
        String serialNumber;
        String tokenCode;
        String sourceIdentity;

        Req(String roleArn, String sessionName) {
            this.roleArn = roleArn;
            this.sessionName = sessionName;
        }

        Req duration(int seconds) {
            duration = seconds;
            return this;
        }

        Req policy(String document) {
            policy = document;
            return this;
        }

        Req policyArns(String... arns) {
            policyArns.addAll(List.of(arns));
            return this;
        }

        Req tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        Req transitive(String... keys) {
            transitive.addAll(List.of(keys));
            return this;
        }

        Req externalId(String id) {
            externalId = id;
            return this;
        }

        Req mfa(String serial, String code) {
            serialNumber = serial;
            tokenCode = code;
            return this;
        }

        Req sourceIdentity(String id) {
            sourceIdentity = id;
            return this;
        }

        AssumeRoleRequest build() {
            return new AssumeRoleRequest(roleArn, sessionName, duration, policy, List.copyOf(policyArns),
                    new LinkedHashMap<>(tags), List.copyOf(transitive), externalId, serialNumber, tokenCode,
                    sourceIdentity);
        }
    }
}
