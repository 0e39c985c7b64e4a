package dev.opensts.app.sts;

import java.util.LinkedHashMap;
import java.util.Map;

/** GetSessionToken's parameters, already checked against the model's constraints. */
public record SessionTokenRequest(Integer durationSeconds, String serialNumber, String tokenCode) {

    /** The parameters as the audit record names them; never the TokenCode. */
    Map<String, Object> auditParameters() {
        var params = new LinkedHashMap<String, Object>();
        if (durationSeconds != null) {
            params.put("durationSeconds", durationSeconds);
        }
        if (serialNumber != null) {
            params.put("serialNumber", serialNumber);
        }
        return params;
    }
}
