package dev.opensts.app.iam;

import dev.opensts.credentials.KeyRing;
import dev.opensts.error.AwsException;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccountDecider;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.Actor;
import dev.opensts.iam.MfaDeviceCommand;
import dev.opensts.iam.MfaDeviceDecider;
import dev.opensts.iam.MfaDeviceState;
import dev.opensts.iam.Quotas;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserCommand;
import dev.opensts.iam.UserDecider;
import dev.opensts.iam.UserState;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seals stored secrets (users' access keys, accounts' root keys) again under the key ring's current key, one
 * event per secret, so that an older key can leave the ring without locking anyone out. A secret sealed under
 * a key the ring no longer holds cannot be re-sealed: it is counted as unreadable and named in the log (by its
 * access key id and the missing key's id, never the secret); its owner gets InvalidClientTokenId until the key
 * is put back or a new access key is created.
 *
 * <p>Any replica may run it, several at once: two re-seals of one aggregate meet on its version, and the
 * second one, refused, is simply counted as already done elsewhere.
 */
public final class Resealer {
    private static final Logger LOG = Logger.getLogger(Resealer.class);

    /** What a pass did: re-sealed, unreadable (the ring lacks their key), failed (to retry), still to do. */
    public record Report(int resealed, int unreadable, int failed, int remaining) {
    }

    /** What is sealed under an older key or form now: to re-seal, and unreadable (no key in the ring). */
    public record Stale(int resealable, int unreadable) {
    }

    private final LiveView view;
    private final KeyRing keyRing;
    private final CommandBus bus;
    private final Quotas quotas;

    public Resealer(LiveView view, KeyRing keyRing, CommandBus bus, Quotas quotas) {
        this.view = view;
        this.keyRing = keyRing;
        this.bus = bus;
        this.quotas = quotas;
    }

    /** Counts the stored secrets that are not sealed under the current key (for the metrics). */
    public Stale stale() {
        int resealable = 0;
        int unreadable = 0;
        for (Secret s : secrets()) {
            if (keyRing.needsReseal(s.sealed())) {
                if (keyRing.holdsKeyOf(s.sealed())) {
                    resealable++;
                } else {
                    unreadable++;
                }
            }
        }
        return new Stale(resealable, unreadable);
    }

    /**
     * Re-seals every stored secret that needs it, one after the other; never fails as a whole.
     *
     * @param actor who asked: the operator (admin API) or the service itself (at start)
     */
    public Uni<Report> resealAll(Actor actor, String requestId) {
        var resealed = new AtomicInteger();
        var unreadable = new AtomicInteger();
        var failed = new AtomicInteger();
        List<Secret> todo = secrets().stream().filter(s -> keyRing.needsReseal(s.sealed())).toList();
        return Multi.createFrom().iterable(todo)
                .onItem().transformToUniAndConcatenate(s -> reseal(s, actor, requestId)
                        .invoke(outcome -> (switch (outcome) {
                            case RESEALED -> resealed;
                            case UNREADABLE -> unreadable;
                            case FAILED -> failed;
                        }).incrementAndGet()))
                .collect().asList()
                .map(x -> {
                    Stale left = stale();
                    var report = new Report(resealed.get(), unreadable.get(), failed.get(),
                            left.resealable() + left.unreadable());
                    if (!todo.isEmpty()) {
                        LOG.infof("key ring: %d stored secrets re-sealed under key %s, %d unreadable, %d failed, "
                                + "%d not under the current key now", report.resealed(), keyRing.currentKeyId(),
                                report.unreadable(), report.failed(), report.remaining());
                    }
                    return report;
                });
    }

    private enum Outcome { RESEALED, UNREADABLE, FAILED }

    private Uni<Outcome> reseal(Secret s, Actor actor, String requestId) {
        Optional<byte[]> plain = keyRing.open(s.sealed(), s.accessKeyId());
        if (plain.isEmpty()) {
            LOG.errorf("key ring: the stored secret of access key %s cannot be opened (sealed under key '%s', "
                    + "which the ring does not hold or which does not open it): it cannot be re-sealed",
                    s.accessKeyId(), KeyRing.keyIdOf(s.sealed()));
            return Uni.createFrom().item(Outcome.UNREADABLE);
        }
        String resealed = keyRing.seal(plain.get(), s.accessKeyId());
        java.util.Arrays.fill(plain.get(), (byte) 0);
        return s.write().apply(resealed, actor, requestId)
                .map(x -> Outcome.RESEALED)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("key ring: access key %s not re-sealed here: %s", s.accessKeyId(),
                            e instanceof AwsException a ? a.code() + " " + a.getMessage() : e.toString());
                    return Outcome.FAILED;
                });
    }

    /** One stored secret and how to write it back re-sealed. */
    private record Secret(String accessKeyId, String sealed, Writer write) {
    }

    @FunctionalInterface
    private interface Writer {
        Uni<Void> apply(String resealed, Actor actor, String requestId);
    }

    private List<Secret> secrets() {
        var out = new ArrayList<Secret>();
        for (AccountState a : view.listAccounts()) {
            if (a.rootAccessKeyId() != null && a.encryptedRootSecret() != null) {
                out.add(new Secret(a.rootAccessKeyId(), a.encryptedRootSecret(), (resealed, who, rid) ->
                        bus.<AccountState>execute(StreamIds.account(a.accountId()), st -> AccountDecider.decide(
                                new AccountDecider.ResealRootSecret(a.accountId(), a.rootAccessKeyId(), resealed), st),
                                who, rid)));
            }
        }
        for (UserState u : view.allUsers()) {
            for (AccessKey k : u.accessKeys()) {
                out.add(new Secret(k.accessKeyId(), k.encryptedSecret(), (resealed, who, rid) ->
                        bus.<UserState>execute(StreamIds.user(u.accountId(), u.userName()), st -> UserDecider.decide(
                                new UserCommand.ResealAccessKey(u.accountId(), u.userName(), k.accessKeyId(), resealed),
                                st, quotas), who, rid)));
            }
        }
        for (MfaDeviceState d : view.allMfaDevices()) {
            // the "key id" of a seed is its associated data: the device's life, never the seed
            out.add(new Secret(MfaDeviceState.seedAssociatedData(d.deviceId()), d.sealedSeed(),
                    (resealed, who, rid) -> bus.<MfaDeviceState>execute(StreamIds.mfaDevice(d.accountId(),
                            d.deviceName()), st -> MfaDeviceDecider.decide(new MfaDeviceCommand.ResealMfaSeed(
                            d.accountId(), d.deviceName(), d.deviceId(), resealed), st, quotas), who, rid)));
        }
        return out;
    }
}
