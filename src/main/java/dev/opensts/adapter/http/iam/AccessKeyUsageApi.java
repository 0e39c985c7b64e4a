package dev.opensts.adapter.http.iam;

import dev.opensts.app.trail.AccessKeyUsage;
import dev.opensts.app.trail.TrailEntry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GetAccessKeyLastUsed, GenerateCredentialReport and GetCredentialReport: the audit index's answers about the use of
 * access keys, in IAM's shapes (a never-used key: no LastUsedDate, ServiceName and Region "N/A", as AWS answers).
 */
final class AccessKeyUsageApi {
    private final AccessKeyUsage usage;

    AccessKeyUsageApi(AccessKeyUsage usage) {
        this.usage = usage;
    }

    void register(Map<String, Handler> actions) {
        actions.put("GetAccessKeyLastUsed", (c, in, rid) -> usage.lastUsed(c, in.string("AccessKeyId")).map(u -> {
            var lastUsed = new LinkedHashMap<String, Object>();
            if (u.lastUsed() != null) {
                lastUsed.put("LastUsedDate", u.lastUsed().time());
                lastUsed.put("ServiceName", TrailEntry.serviceName(u.lastUsed().eventSource()));
                lastUsed.put("Region", u.lastUsed().region() != null ? u.lastUsed().region() : "N/A");
            } else {
                lastUsed.put("ServiceName", "N/A");
                lastUsed.put("Region", "N/A");
            }
            var result = new LinkedHashMap<String, Object>();
            if (u.userName() != null) {
                result.put("UserName", u.userName());
            }
            result.put("AccessKeyLastUsed", lastUsed);
            return result;
        }));
        actions.put("GenerateCredentialReport", (c, in, rid) -> usage.generate(c).map(g -> {
            var result = new LinkedHashMap<String, Object>();
            result.put("State", g.state());
            result.put("Description", g.description());
            return result;
        }));
        actions.put("GetCredentialReport", (c, in, rid) -> usage.report(c).map(r -> {
            var result = new LinkedHashMap<String, Object>();
            result.put("Content", r.csv());
            result.put("ReportFormat", "text/csv");
            result.put("GeneratedTime", r.generatedTime());
            return result;
        }));
    }
}
