package dev.opensts.app.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;

/**
 * Service-linked roles are out of open-sts's scope: no AWS service runs beside it to own one. The three actions answer
 * a refusal that says so, with the code of IAM's model that fits each (the SDKs map it to a modelled exception):
 * CreateServiceLinkedRole InvalidInput (no service name is eligible here), DeleteServiceLinkedRole and
 * GetServiceLinkedRoleDeletionStatus NoSuchEntity (no such role or deletion task can exist). Nothing is looked up,
 * so the refusal tells nobody anything about the account.
 */
public final class ServiceLinkedRoles {
    static final String NOT_SERVED = "open-sts does not serve service-linked roles";

    private ServiceLinkedRoles() {
    }

    public static <T> Uni<T> create(String awsServiceName) {
        return Uni.createFrom().failure(AwsException.of(ErrorCode.InvalidInput,
                "%s: no service name is eligible for a service-linked role here (%s); create an ordinary role with "
                        + "CreateRole instead.", NOT_SERVED, awsServiceName));
    }

    public static <T> Uni<T> delete(String roleName) {
        return Uni.createFrom().failure(AwsException.noSuchEntity(NOT_SERVED + ": " + roleName
                + " is not a service-linked role; delete an ordinary role with DeleteRole."));
    }

    public static <T> Uni<T> deletionStatus(String deletionTaskId) {
        return Uni.createFrom().failure(AwsException.noSuchEntity(NOT_SERVED + ": no deletion task "
                + deletionTaskId + " exists."));
    }
}
