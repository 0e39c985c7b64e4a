package dev.opensts.app.audit;

import dev.opensts.policy.DecidingStatement;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One CloudTrail-like record of an STS call that issues credentials, granted or denied. It never
 * holds a secret access key or a session token: only the issued access key id and expiry.
 */
public record IssuanceRecord(String eventName, Instant eventTime, String requestId, String accountId,
                             Map<String, Object> userIdentity, String sourceIpAddress, String userAgent,
                             Map<String, Object> requestParameters, Map<String, Object> responseElements,
                             String errorCode, String errorMessage, String decision,
                             List<DecidingStatement> decidingStatements) {
}
