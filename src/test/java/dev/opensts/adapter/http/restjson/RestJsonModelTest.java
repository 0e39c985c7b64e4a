package dev.opensts.adapter.http.restjson;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The rest-json model reader against botocore's eks model as open-sts ships it (aws-models/eks). */
class RestJsonModelTest {
    static final RestJsonModel EKS = load();
    static final String PATH = "/clusters/prod/pod-identity-associations";

    static RestJsonModel load() {
        try (InputStream in = RestJsonModelTest.class.getResourceAsStream("/aws-models/eks/service-2.json")) {
            return RestJsonModel.load(in);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static RestInput decode(String method, String path, Map<String, List<String>> query, String body) {
        var route = EKS.route(method, path);
        assertThat(route).as("%s %s", method, path).isNotNull();
        return EKS.decode(route, query, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static AwsException fails(String method, String path, Map<String, List<String>> query, String body) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> decode(method, path, query, body));
        assertThat(e).as("%s %s %s %s", method, path, query, body).isNotNull();
        return e;
    }

    @Test
    void routes_the_five_operations_by_method_and_uri_template() {
        assertThat(EKS.operations()).hasSize(5);
        assertThat(EKS.route("POST", PATH).operation().name()).isEqualTo("CreatePodIdentityAssociation");
        assertThat(EKS.route("GET", PATH).operation().name()).isEqualTo("ListPodIdentityAssociations");
        assertThat(EKS.route("GET", PATH + "/a-1").operation().name()).isEqualTo("DescribePodIdentityAssociation");
        assertThat(EKS.route("POST", PATH + "/a-1").operation().name()).isEqualTo("UpdatePodIdentityAssociation");
        assertThat(EKS.route("DELETE", PATH + "/a-1").operation().name()).isEqualTo("DeletePodIdentityAssociation");
        assertThat(EKS.route("DELETE", PATH + "/a-1").labels()).isEqualTo(Map.of("name", "prod",
                "associationId", "a-1"));
    }

    @Test
    void other_paths_and_methods_are_not_routed_and_a_known_path_is_told_apart() {
        assertThat(EKS.route("PUT", PATH)).isNull();
        assertThat(EKS.servesPath(PATH)).isTrue();
        for (String path : List.of("/clusters/prod", "/clusters//pod-identity-associations", PATH + "/",
                PATH + "/a-1/x", "/", "/clusters/prod/addons")) {
            assertThat(EKS.route("GET", path)).as(path).isNull();
            assertThat(EKS.servesPath(path)).as(path).isFalse();
        }
    }

    @Test
    void labels_are_percent_decoded_and_bad_escapes_refused() {
        assertThat(EKS.route("GET", "/clusters/pr%6Fd/pod-identity-associations").labels().get("name"))
                .isEqualTo("prod");
        assertThat(EKS.route("GET", "/clusters/a+b/pod-identity-associations").labels().get("name"))
                .as("a plus is a plus in a path").isEqualTo("a+b");
        for (String bad : List.of("%ZZ", "%C3", "%", "%4")) {
            var e = catchThrowableOfType(AwsException.class, () -> EKS.route("GET", "/clusters/" + bad
                    + "/pod-identity-associations"));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.InvalidRequestException);
        }
    }

    @Test
    void create_reads_its_label_and_body() {
        RestInput in = decode("POST", PATH, Map.of(), """
                {"namespace":"ns","serviceAccount":"sa","roleArn":"arn:aws:iam::123456789012:role/app",
                 "clientRequestToken":"t","tags":{"a":"1","b":""},"disableSessionTags":false,"unknown":1}""");
        assertThat(in.string("clusterName")).isEqualTo("prod");
        assertThat(in.string("namespace")).isEqualTo("ns");
        assertThat(in.stringMap("tags")).containsExactly(Map.entry("a", "1"), Map.entry("b", ""));
        assertThat(in.bool("disableSessionTags")).isFalse();
        assertThat(in.string("policy")).isNull();
    }

    @Test
    void required_members_types_and_the_models_limits() {
        assertThat(fails("POST", PATH, Map.of(), "{\"namespace\":\"ns\",\"serviceAccount\":\"sa\"}").getMessage())
                .isEqualTo("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: "
                        + "Member must not be null");
        String base = "\"namespace\":\"ns\",\"serviceAccount\":\"sa\",\"roleArn\":\"r\"";
        for (String body : List.of("{" + base + ",\"namespace\":1}", "{" + base + ",\"tags\":[]}",
                "{" + base + ",\"tags\":{\"k\":1}}", "{" + base + ",\"tags\":{}}",
                "{" + base + ",\"tags\":{\"" + "k".repeat(129) + "\":\"v\"}}",
                "{" + base + ",\"tags\":{\"k\":\"" + "v".repeat(257) + "\"}}",
                "{" + base + ",\"tags\":" + tags(51) + "}", "{" + base + ",\"disableSessionTags\":\"yes\"}",
                "{" + base + ",\"roleArn\":\"a\\u0000b\"}")) {
            assertThat(fails("POST", PATH, Map.of(), body).code()).as(body)
                    .isEqualTo(ErrorCode.InvalidParameterException);
        }
        assertThat(decode("POST", PATH, Map.of(), "{" + base + ",\"tags\":" + tags(50) + "}").stringMap("tags"))
                .hasSize(50);
        for (String body : List.of("[]", "\"x\"", "{", "not json", "null")) {
            assertThat(fails("POST", PATH, Map.of(), body).code()).as(body).isEqualTo(ErrorCode.InvalidRequestException);
        }
    }

    @Test
    void list_reads_its_query_string_within_the_models_range() {
        RestInput in = decode("GET", PATH, Map.of("maxResults", List.of("100"), "nextToken", List.of("abc"),
                "namespace", List.of("ns")), null);
        assertThat(in.integer("maxResults")).isEqualTo(100);
        assertThat(in.string("nextToken")).isEqualTo("abc");
        assertThat(in.string("serviceAccount")).isNull();
        for (String max : List.of("0", "101", "x", "", "99999999999")) {
            assertThat(fails("GET", PATH, Map.of("maxResults", List.of(max)), null).code()).as(max)
                    .isEqualTo(ErrorCode.InvalidParameterException);
        }
    }

    private static String tags(int n) {
        var sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return sb.append('}').toString();
    }
}
