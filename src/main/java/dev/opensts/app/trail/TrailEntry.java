package dev.opensts.app.trail;

import java.time.Instant;
import java.util.List;

/**
 * One audit record as the index holds it: the CloudTrail record (schema version 2 data, as JSON text) and the values
 * LookupEvents finds it by (docs/audit-events.md, "the index").
 *
 * @param accountId      recipientAccountId: the account the request was about (the record's key)
 * @param actorAccountId userIdentity.accountId, or null (a stranger, a web identity before its token verified)
 * @param username       userIdentity.userName, else the last part of userIdentity.arn, or null
 * @param accessKeyId    userIdentity.accessKeyId, or null
 * @param record         the full CloudTrail record, LookupEvents' CloudTrailEvent
 */
public record TrailEntry(String eventId, Instant eventTime, String accountId, String actorAccountId, String eventName,
                         String eventSource, boolean readOnly, String username, String accessKeyId, String region,
                         List<Resource> resources, String record) {

    public TrailEntry {
        resources = List.copyOf(resources);
    }

    /** A resource the request named: its CloudFormation-style type and its ARN. */
    public record Resource(String type, String arn) {
        /** The name LookupEvents' ResourceName also matches: the ARN's part after its last '/', else after its last ':'. */
        public String name() {
            if (arn == null) {
                return null;
            }
            int slash = arn.lastIndexOf('/');
            return slash >= 0 ? arn.substring(slash + 1) : arn.substring(arn.lastIndexOf(':') + 1);
        }
    }

    /**
     * LookupEvents' Username, as CloudTrail derives it: the identity's userName, else the last part of its ARN (a
     * role session's name, the user's name, "root" for an account's root).
     */
    public static String username(String userName, String arn) {
        if (userName != null && !userName.isEmpty()) {
            return userName;
        }
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        int slash = arn.lastIndexOf('/');
        return slash >= 0 ? arn.substring(slash + 1) : arn.substring(arn.lastIndexOf(':') + 1);
    }

    /** The service's short name, as GetAccessKeyLastUsed's ServiceName: {@code sts} for {@code sts.amazonaws.com}. */
    public static String serviceName(String eventSource) {
        int dot = eventSource == null ? -1 : eventSource.indexOf('.');
        return dot > 0 ? eventSource.substring(0, dot) : eventSource;
    }
}
