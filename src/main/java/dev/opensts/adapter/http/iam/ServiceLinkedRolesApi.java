package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.ServiceLinkedRoles;

import java.util.Map;

/** The service-linked role actions, each refused as open-sts does not serve service-linked roles. */
final class ServiceLinkedRolesApi {
    private ServiceLinkedRolesApi() {
    }

    static void register(Map<String, Handler> actions) {
        actions.put("CreateServiceLinkedRole", (c, in, rid) -> ServiceLinkedRoles.create(in.string("AWSServiceName")));
        actions.put("DeleteServiceLinkedRole", (c, in, rid) -> ServiceLinkedRoles.delete(in.string("RoleName")));
        actions.put("GetServiceLinkedRoleDeletionStatus", (c, in, rid) ->
                ServiceLinkedRoles.deletionStatus(in.string("DeletionTaskId")));
    }
}
