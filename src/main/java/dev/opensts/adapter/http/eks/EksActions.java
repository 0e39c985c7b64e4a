package dev.opensts.adapter.http.eks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.adapter.http.restjson.RestHandler;
import dev.opensts.adapter.http.restjson.RestInput;
import dev.opensts.app.eks.PodIdentityAssociations;
import dev.opensts.app.eks.PodIdentityAssociations.Change;
import dev.opensts.app.eks.PodIdentityAssociations.Listing;
import dev.opensts.app.eks.PodIdentityAssociations.NewAssociation;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.Tag;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The five Pod Identity association operations of botocore's eks model: input members to the use case's request,
 * the association to EKS's {@code PodIdentityAssociation} (timestamps as epoch seconds, rest-json's default;
 * {@code ownerArn} absent: no add-on owns an association here) or {@code PodIdentityAssociationSummary}.
 */
public final class EksActions {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EksActions() {
    }

    public static Map<String, RestHandler> all(PodIdentityAssociations associations) {
        return Map.of(
                "CreatePodIdentityAssociation", (caller, in, rid) -> associations.create(caller, new NewAssociation(
                                in.string("clusterName"), in.string("namespace"), in.string("serviceAccount"),
                                in.string("roleArn"), tags(in), in.string("clientRequestToken"),
                                in.string("targetRoleArn"), in.string("policy"), in.bool("disableSessionTags")), rid)
                        .map(EksActions::wrapped),
                "DescribePodIdentityAssociation", (caller, in, rid) -> associations.describe(caller,
                        in.string("clusterName"), in.string("associationId")).map(EksActions::wrapped),
                "UpdatePodIdentityAssociation", (caller, in, rid) -> associations.update(caller,
                        in.string("clusterName"), in.string("associationId"), new Change(in.string("roleArn"),
                                in.string("targetRoleArn"), in.string("policy"), in.bool("disableSessionTags")), rid)
                        .map(EksActions::wrapped),
                "DeletePodIdentityAssociation", (caller, in, rid) -> associations.delete(caller,
                        in.string("clusterName"), in.string("associationId"), rid).map(EksActions::wrapped),
                "ListPodIdentityAssociations", (caller, in, rid) -> associations.list(caller, new Listing(
                        in.string("clusterName"), in.string("namespace"), in.string("serviceAccount"),
                        in.integer("maxResults"), in.string("nextToken"))).map(page -> {
                    ObjectNode out = JSON.objectNode();
                    var list = out.putArray("associations");
                    page.associations().forEach(a -> list.add(summary(a)));
                    if (page.nextToken() != null) {
                        out.put("nextToken", page.nextToken());
                    }
                    return out;
                }));
    }

    private static List<Tag> tags(RestInput in) {
        Map<String, String> tags = in.stringMap("tags");
        return tags == null ? null : tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    /** {@code {"association": PodIdentityAssociation}}. */
    private static JsonNode wrapped(PodIdentityAssociationState a) {
        ObjectNode out = JSON.objectNode();
        out.set("association", association(a));
        return out;
    }

    static ObjectNode association(PodIdentityAssociationState a) {
        ObjectNode n = summary(a);
        n.put("roleArn", a.roleArn());
        ObjectNode tags = n.putObject("tags");
        a.tags().forEach(t -> tags.put(t.key(), t.value()));
        n.put("createdAt", epochSeconds(a.createdAt()));
        n.put("modifiedAt", epochSeconds(a.modifiedAt()));
        return n;
    }

    static ObjectNode summary(PodIdentityAssociationState a) {
        ObjectNode n = JSON.objectNode();
        n.put("clusterName", a.clusterName());
        n.put("namespace", a.namespace());
        n.put("serviceAccount", a.serviceAccount());
        n.put("associationArn", a.arn());
        n.put("associationId", a.associationId());
        return n;
    }

    /** A timestamp as rest-json writes it: seconds since the epoch, to the millisecond. */
    static BigDecimal epochSeconds(Instant t) {
        return new BigDecimal(BigInteger.valueOf(t.toEpochMilli()), 3);
    }
}
