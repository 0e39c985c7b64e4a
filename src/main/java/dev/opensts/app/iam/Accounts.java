package dev.opensts.app.iam;

import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccountDecider;
import dev.opensts.iam.Actor;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.StreamIds;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocation;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * The operator's account use cases (the admin API): create an account with its own root access key, list the
 * accounts, rotate an account's root key (revoking every session made with the old one), and re-seal stored
 * secrets under the key ring's current key. The operator is authenticated by the adapter (its bearer token);
 * there is no IAM authorization here, as there is none above an account's root in AWS.
 */
public final class Accounts {
    private static final Logger LOG = Logger.getLogger(Accounts.class);

    /** What the operator asks for; a null id is drawn at random, a null name is the id. */
    public record NewAccount(String accountId, String name) {
    }

    /** A new account with its root key; the secret is shown this once. */
    public record CreatedAccount(String accountId, String name, String rootAccessKeyId, String rootSecretAccessKey) {
    }

    /** The new root key (its secret shown this once) and the revocation of every session of the old one. */
    public record RotatedRootKey(String accountId, String rootAccessKeyId, String rootSecretAccessKey,
                                 String sessionsRevocationId) {
    }

    private final LiveView view;
    private final CommandBus bus;
    private final CredentialIds ids;
    private final KeyRing keyRing;
    private final Clock clock;
    private final Resealer resealer;
    private final RevokeSessions revokeSessions;
    private final String defaultAccount;

    /** @param defaultAccount the account whose root key comes from configuration, not from here */
    public Accounts(LiveView view, CommandBus bus, CredentialIds ids, KeyRing keyRing, Clock clock, Resealer resealer,
                    RevokeSessions revokeSessions, String defaultAccount) {
        this.view = view;
        this.bus = bus;
        this.ids = ids;
        this.keyRing = keyRing;
        this.clock = clock;
        this.resealer = resealer;
        this.revokeSessions = revokeSessions;
        this.defaultAccount = defaultAccount;
    }

    public Uni<CreatedAccount> create(NewAccount request, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String accountId = request.accountId() != null ? request.accountId() : ids.accountId();
            if (accountId.equals(defaultAccount)) {
                throw new AwsException(ErrorCode.InvalidInput,
                        "accountId must be 12 digits and not the default account");
            }
            String name = request.name() != null ? request.name() : accountId;
            String keyId = ids.accessKeyId("AKIA", accountId, id -> view.accessKeyOwner(id) != null);
            String secret = ids.secret();
            var command = new AccountDecider.CreateAccount(accountId, name, keyId, keyRing.sealString(secret, keyId),
                    clock.instant());
            return bus.<AccountState>execute(StreamIds.account(accountId), s -> AccountDecider.decide(command, s),
                    Actor.admin(), requestId).map(x -> {
                        LOG.infof("admin API: created account %s (root key %s)", accountId, keyId);
                        return new CreatedAccount(accountId, name, keyId, secret);
                    });
        });
    }

    /** Every account created through the admin API, by id. */
    public List<AccountState> list() {
        return view.listAccounts().stream().sorted(Comparator.comparing(AccountState::accountId)).toList();
    }

    /**
     * A new root key for an account. A root key is rotated because it may have leaked: the sessions made with
     * it, and the sessions made from those, go with it (a principal revocation of the root, issued before now).
     */
    public Uni<RotatedRootKey> rotateRootKey(String accountId, String requestId) {
        return Uni.createFrom().deferred(() -> {
            if (accountId == null || !Arn.isAccountId(accountId)) {
                throw new AwsException(ErrorCode.InvalidInput, "the account id is 12 digits");
            }
            if (accountId.equals(defaultAccount)) {
                throw new AwsException(ErrorCode.InvalidInput, "the default account's root key comes from the "
                        + "configuration (OPENSTS_ROOT_ACCESS_KEY_ID, OPENSTS_ROOT_SECRET_ACCESS_KEY): change it "
                        + "there");
            }
            String keyId = ids.accessKeyId("AKIA", accountId, id -> view.accessKeyOwner(id) != null);
            String secret = ids.secret();
            var command = new AccountDecider.RotateRootKey(accountId, keyId, keyRing.sealString(secret, keyId),
                    clock.instant());
            var revocation = new Revocation(ids.eventId(), accountId, Revocation.Kind.PRINCIPAL,
                    Arn.iamRoot(accountId).toString(), null);
            return bus.<AccountState>execute(StreamIds.account(accountId), s -> AccountDecider.decide(command, s),
                            Actor.admin(), requestId)
                    .chain(() -> revokeSessions.execute(revocation, Actor.admin(), requestId))
                    .map(revoked -> {
                        LOG.infof("admin API: rotated the root key of account %s (new key %s) and revoked its "
                                + "sessions (%s)", accountId, keyId, revoked.revocationId());
                        return new RotatedRootKey(accountId, keyId, secret, revoked.revocationId());
                    });
        });
    }

    /** Re-seals every stored secret not sealed under the key ring's current key. */
    public Uni<Resealer.Report> reseal(String requestId) {
        return resealer.resealAll(Actor.admin(), requestId);
    }
}
