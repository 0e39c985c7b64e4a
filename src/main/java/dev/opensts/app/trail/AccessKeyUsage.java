package dev.opensts.app.trail;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.UserState;
import dev.opensts.text.IsoTime;
import dev.opensts.view.KeyOwner;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Uni;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IAM's answers about the use of access keys, from the audit index: GetAccessKeyLastUsed, and the credential report
 * (GenerateCredentialReport, GetCredentialReport) with AWS's CSV columns. A key's last use is the latest indexed
 * record made with it (userIdentity.accessKeyId). A report is kept by the replica that generated it for four hours,
 * as AWS keeps one.
 */
public final class AccessKeyUsage {
    static final Duration REPORT_LIFETIME = Duration.ofHours(4);
    static final String NA = "N/A";
    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
            + "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
            + "cert_2_active,cert_2_last_rotated";

    /** GetAccessKeyLastUsed's answer: the owner (null for an account's root) and its last use (null: never). */
    public record LastUse(String userName, AuditIndex.LastUsed lastUsed) {
    }

    /** GenerateCredentialReport's answer: STARTED when a report was made now, COMPLETE when a fresh one exists. */
    public record Generation(String state, String description) {
    }

    /** A generated report: its CSV and when it was made. */
    public record Report(byte[] csv, Instant generatedTime) {
    }

    private final LiveView view;
    private final AuditIndex index;
    private final Authorizer authorizer;
    private final Clock clock;
    private final Map<String, Report> reports = new ConcurrentHashMap<>();

    public AccessKeyUsage(LiveView view, AuditIndex index, Authorizer authorizer, Clock clock) {
        this.view = view;
        this.index = index;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    public Uni<LastUse> lastUsed(Caller caller, String accessKeyId) {
        return Uni.createFrom().item(() -> {
            KeyOwner owner = view.accessKeyOwner(accessKeyId);
            if (owner == null || !owner.accountId().equals(caller.accountId())) {
                throw new AwsException(ErrorCode.AccessDenied, "User: " + caller.arn() + " is not authorized to"
                        + " perform: iam:GetAccessKeyLastUsed on resource: access key " + accessKeyId);
            }
            String resource = owner.isRoot() ? "arn:aws:iam::" + owner.accountId() + ":root"
                    : view.user(owner.accountId(), owner.userName()).arn();
            authorizer.require(caller, "iam:GetAccessKeyLastUsed", resource);
            return owner;
        }).flatMap(owner -> index.lastUsed(List.of(accessKeyId))
                .map(used -> new LastUse(owner.userName(), used.get(accessKeyId))));
    }

    public Uni<Generation> generate(Caller caller) {
        return Uni.createFrom().item(() -> {
            authorizer.require(caller, "iam:GenerateCredentialReport", "arn:aws:iam::" + caller.accountId() + ":*");
            return caller.accountId();
        }).flatMap(account -> {
            Report existing = reports.get(account);
            if (existing != null && existing.generatedTime().plus(REPORT_LIFETIME).isAfter(clock.instant())) {
                return Uni.createFrom().item(new Generation("COMPLETE", "Report generated"));
            }
            return build(account).map(report -> {
                reports.put(account, report);
                return new Generation("STARTED", "No report exists. Starting a new report generation task");
            });
        });
    }

    public Uni<Report> report(Caller caller) {
        return Uni.createFrom().item(() -> {
            authorizer.require(caller, "iam:GetCredentialReport", "arn:aws:iam::" + caller.accountId() + ":*");
            Report report = reports.get(caller.accountId());
            if (report == null) {
                throw new AwsException(ErrorCode.ReportNotPresent, "Credential report not present. Call"
                        + " GenerateCredentialReport to generate a new report.");
            }
            if (!report.generatedTime().plus(REPORT_LIFETIME).isAfter(clock.instant())) {
                throw new AwsException(ErrorCode.ReportExpired, "Credential report is expired. Call"
                        + " GenerateCredentialReport to generate a new report.");
            }
            return report;
        });
    }

    private Uni<Report> build(String account) {
        AccountState acct = view.account(account);
        List<UserState> users = view.users(account);
        var keyIds = new ArrayList<String>();
        if (acct != null && acct.rootAccessKeyId() != null) {
            keyIds.add(acct.rootAccessKeyId());
        }
        for (UserState u : users) {
            u.accessKeys().forEach(k -> keyIds.add(k.accessKeyId()));
        }
        Instant generated = clock.instant();
        var withMfa = new java.util.HashSet<String>();
        view.mfaDevices(account).forEach(d -> {
            if (d.userId() != null) {
                withMfa.add(d.userId());
            }
        });
        return index.lastUsed(keyIds).map(used -> {
            var csv = new StringBuilder(HEADER).append('\n');
            csv.append(rootRow(account, acct, used));
            for (UserState u : users) {
                csv.append(userRow(u, used, withMfa.contains(u.userId())));
            }
            return new Report(csv.toString().getBytes(StandardCharsets.UTF_8), generated);
        });
    }

    static String rootRow(String account, AccountState acct, Map<String, AuditIndex.LastUsed> used) {
        var cells = new ArrayList<String>(List.of("<root_account>", "arn:aws:iam::" + account + ":root",
                acct != null && acct.createDate() != null ? time(acct.createDate()) : NA,
                "not_supported", "no_information", "not_supported", "not_supported", "false"));
        String rootKey = acct == null ? null : acct.rootAccessKeyId();
        keyCells(cells, rootKey == null ? null : new AccessKey(rootKey, null, AccessKeyStatus.Active,
                acct.createDate()), used);
        keyCells(cells, null, used);
        cells.addAll(List.of("false", NA, "false", NA));
        return String.join(",", cells) + "\n";
    }

    static String userRow(UserState u, Map<String, AuditIndex.LastUsed> used) {
        return userRow(u, used, false);
    }

    /** @param mfaActive whether an MFA device is enabled for the user (the report's mfa_active) */
    static String userRow(UserState u, Map<String, AuditIndex.LastUsed> used, boolean mfaActive) {
        // a login profile is a password (there is no console to use it: never used; its changes are not dated)
        boolean password = u.loginProfile() != null;
        var cells = new ArrayList<String>(List.of(u.userName(), u.arn(), time(u.createDate()),
                String.valueOf(password), password ? "no_information" : NA, NA, NA, String.valueOf(mfaActive)));
        List<AccessKey> keys = u.accessKeys();
        keyCells(cells, !keys.isEmpty() ? keys.get(0) : null, used);
        keyCells(cells, keys.size() > 1 ? keys.get(1) : null, used);
        cells.addAll(List.of("false", NA, "false", NA));
        return String.join(",", cells) + "\n";
    }

    private static void keyCells(List<String> cells, AccessKey key, Map<String, AuditIndex.LastUsed> used) {
        if (key == null) {
            cells.addAll(List.of("false", NA, NA, NA, NA));
            return;
        }
        AuditIndex.LastUsed u = used.get(key.accessKeyId());
        cells.add(String.valueOf(key.status() == AccessKeyStatus.Active));
        cells.add(key.createDate() != null ? time(key.createDate()) : NA);
        cells.add(u != null ? time(u.time()) : NA);
        cells.add(u != null && u.region() != null ? u.region() : NA);
        cells.add(u != null ? TrailEntry.serviceName(u.eventSource()) : NA);
    }

    /** AWS's report writes times as ISO-8601 with an offset, seconds precision. */
    private static String time(Instant t) {
        return IsoTime.instant(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).replace("Z", "+00:00");
    }
}
