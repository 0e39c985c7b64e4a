package dev.opensts.app.history;

import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.OidcProviderUrl;
import dev.opensts.iam.StreamIds;

/**
 * The entity an ARN names, whatever path or letter case it is written with: its kind, account, the stream that holds
 * every life of it, and the name the answers use.
 *
 * @param kind role, user, group, policy, oidc-provider or instance profile (AWS's word in the error message: "role",
 *             "user", ...)
 */
record Entity(String kind, String accountId, String streamId, String name, String arn) {
    static Entity parse(String text) {
        if (text != null) {
            Arn a;
            if ((a = Arn.parseIamRole(text)) != null) {
                return new Entity("role", a.account(), StreamIds.role(a.account(), a.name()), a.name(), text);
            }
            if ((a = Arn.parseIamUser(text)) != null) {
                return new Entity("user", a.account(), StreamIds.user(a.account(), a.name()), a.name(), text);
            }
            if ((a = Arn.parseIamGroup(text)) != null) {
                return new Entity("group", a.account(), StreamIds.group(a.account(), a.name()), a.name(), text);
            }
            if ((a = Arn.parseIamPolicy(text)) != null && Arn.isAccountId(a.account())) {
                return new Entity("policy", a.account(), StreamIds.policy(a.account(), a.name()), a.name(), text);
            }
            if ((a = Arn.parseIamInstanceProfile(text)) != null) {
                return new Entity("instance profile", a.account(), StreamIds.instanceProfile(a.account(), a.name()),
                        a.name(), text);
            }
            if ((a = Arn.parseIamMfa(text)) != null) {
                return new Entity("MFA device", a.account(), StreamIds.mfaDevice(a.account(), a.name()), a.name(),
                        text);
            }
            if ((a = Arn.parseIamOidcProvider(text)) != null) {
                String url = a.oidcProviderUrl();
                return new Entity("OpenIDConnect provider", a.account(), StreamIds.oidcProvider(a.account(), url), url,
                        Arn.iamOidcProvider(a.account(), OidcProviderUrl.key(url)).toString());
            }
        }
        throw new AwsException(ErrorCode.ValidationError, "EntityArn must be the ARN of an IAM role, user, group, "
                + "customer managed policy, OpenID Connect provider, instance profile or MFA device"
                + " (e.g. arn:aws:iam::123456789012:role/NAME).");
    }
}
