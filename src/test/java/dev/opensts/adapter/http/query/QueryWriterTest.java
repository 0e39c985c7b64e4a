package dev.opensts.adapter.http.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

import static dev.opensts.adapter.http.query.Models.iam;
import static dev.opensts.adapter.http.query.Models.sts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryWriterTest {
    static final String NASTY = "a&b<c>d\"e'f\r\ng\u00e9\uD83D\uDE00";
    static final Instant CREATED = Instant.parse("2026-11-28T04:43:44.123456Z");

    static Map<String, Object> role(String name) {
        Map<String, Object> role = new LinkedHashMap<>();
        // deliberately not in model order
        role.put("Tags", List.of(Map.of("Key", "env", "Value", "prod"), Map.of("Key", "k&<", "Value", NASTY)));
        role.put("MaxSessionDuration", 7200);
        role.put("AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        role.put("CreateDate", CREATED);
        role.put("Arn", "arn:aws:iam::123456789012:role/team/" + name);
        role.put("RoleId", "AROAEXAMPLEID" + name.length());
        role.put("RoleName", name);
        role.put("Path", "/team/");
        role.put("Description", NASTY);
        return role;
    }

    @Test
    void createRoleXmlFollowsTheModel() throws Exception {
        String xml = QueryWriter.xml(Models.IAM, iam("CreateRole"), Map.of("Role", role("app")), "req-1");
        assertThat(xml).startsWith("<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateRoleResult><Role><Path>/team/</Path>");
        assertThat(xml).contains("<CreateDate>2026-11-28T04:43:44Z</CreateDate>");
        assertThat(xml).contains("&amp;").contains("&lt;").contains("&gt;").contains("&quot;").contains("&apos;").contains("&#13;");

        Element root = parse(xml);
        assertThat(root.getNamespaceURI()).isEqualTo("https://iam.amazonaws.com/doc/2010-05-08/");
        assertThat(root.getLocalName()).isEqualTo("CreateRoleResponse");
        assertThat(childNames(root)).containsExactly("CreateRoleResult", "ResponseMetadata");
        Element result = child(root, "CreateRoleResult");
        Element role = child(result, "Role");
        assertThat(childNames(role)).containsExactly("Path", "RoleName", "RoleId", "Arn", "CreateDate",
                "AssumeRolePolicyDocument", "Description", "MaxSessionDuration", "Tags");
        assertThat(text(role, "Description")).isEqualTo(NASTY);
        assertThat(text(role, "MaxSessionDuration")).isEqualTo("7200");
        assertThat(Instant.parse(text(role, "CreateDate"))).isEqualTo(Instant.parse("2026-11-28T04:43:44Z"));
        Element tags = child(role, "Tags");
        assertThat(childNames(tags)).containsExactly("member", "member");
        Element second = (Element) elements(tags).get(1);
        assertThat(childNames(second)).containsExactly("Key", "Value");
        assertThat(text(second, "Key")).isEqualTo("k&<");
        assertThat(text(second, "Value")).isEqualTo(NASTY);
        assertThat(text(child(root, "ResponseMetadata"), "RequestId")).isEqualTo("req-1");
    }

    @Test
    void listRolesXml() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Marker", "next&page");
        result.put("IsTruncated", true);
        result.put("Roles", List.of(role("a"), role("b")));
        Element root = parse(QueryWriter.xml(Models.IAM, iam("ListRoles"), result, "req-2"));
        Element r = child(root, "ListRolesResult");
        assertThat(childNames(r)).containsExactly("Roles", "IsTruncated", "Marker");
        assertThat(childNames(child(r, "Roles"))).containsExactly("member", "member");
        assertThat(text((Element) elements(child(r, "Roles")).get(1), "RoleName")).isEqualTo("b");
        assertThat(text(r, "IsTruncated")).isEqualTo("true");
        assertThat(text(r, "Marker")).isEqualTo("next&page");
    }

    @Test
    void operationWithoutOutputWritesOnlyMetadata() {
        assertThat(QueryWriter.xml(Models.IAM, iam("DeleteRole"), Map.of(), "req-3")).isEqualTo(
                "<DeleteRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                        + "<ResponseMetadata><RequestId>req-3</RequestId></ResponseMetadata></DeleteRoleResponse>");
        assertThat(QueryWriter.json(Models.IAM, iam("DeleteRole"), null, "req-3"))
                .isEqualTo("{\"DeleteRoleResponse\":{\"ResponseMetadata\":{\"RequestId\":\"req-3\"}}}");
    }

    @Test
    void mapsAreEntries() throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("Roles", 3);
        summary.put("Users", 5);
        Element root = parse(QueryWriter.xml(Models.IAM, iam("GetAccountSummary"), Map.of("SummaryMap", summary), "r"));
        Element map = child(child(root, "GetAccountSummaryResult"), "SummaryMap");
        assertThat(childNames(map)).containsExactly("entry", "entry");
        Element first = (Element) elements(map).get(0);
        assertThat(text(first, "key")).isEqualTo("Roles");
        assertThat(text(first, "value")).isEqualTo("3");
    }

    @Test
    void stsJsonAsAwsAnswersAcceptJson() throws Exception {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("Arn", "arn:aws:iam::123456789012:user/alice");
        identity.put("Account", "123456789012");
        identity.put("UserId", "AIDAEXAMPLE");
        assertThat(QueryWriter.json(Models.STS, sts("GetCallerIdentity"), identity, "req-4")).isEqualTo(
                "{\"GetCallerIdentityResponse\":{\"GetCallerIdentityResult\":{\"UserId\":\"AIDAEXAMPLE\",\"Account\":\"123456789012\","
                        + "\"Arn\":\"arn:aws:iam::123456789012:user/alice\"},\"ResponseMetadata\":{\"RequestId\":\"req-4\"}}}");

        String json = QueryWriter.json(Models.STS, sts("AssumeRole"), assumeRoleResult(), "req-5");
        JsonNode r = new ObjectMapper().readTree(json).path("AssumeRoleResponse").path("AssumeRoleResult");
        assertThat(r.path("Credentials").path("Expiration").isIntegralNumber()).isTrue();
        assertThat(r.path("Credentials").path("Expiration").asLong()).isEqualTo(Instant.parse("2026-11-28T05:43:44Z").getEpochSecond());
        assertThat(r.path("Credentials").path("AccessKeyId").asText()).isEqualTo("ASIAEXAMPLE");
        assertThat(r.path("AssumedRoleUser").path("Arn").asText()).endsWith("/s1");
        assertThat(r.path("PackedPolicySize").asInt()).isEqualTo(6);
        assertThat(r.has("SourceIdentity")).isFalse();
    }

    @Test
    void jsonListsAreArrays() throws Exception {
        JsonNode r = new ObjectMapper().readTree(QueryWriter.json(Models.IAM, iam("ListRoles"),
                Map.of("Roles", List.of(role("a")), "IsTruncated", false), "r"));
        JsonNode roles = r.path("ListRolesResponse").path("ListRolesResult").path("Roles");
        assertThat(roles.isArray()).isTrue();
        assertThat(roles.get(0).path("Tags").get(1).path("Value").asText()).isEqualTo(NASTY);
        assertThat(roles.get(0).path("MaxSessionDuration").asInt()).isEqualTo(7200);
        assertThat(r.path("ListRolesResponse").path("ListRolesResult").path("IsTruncated").asBoolean(true)).isFalse();
    }

    @Test
    void errors() {
        assertThat(ErrorDocument.xml(Models.STS.xmlNamespace(), "ValidationError", "Sender", "Value 'a<b' at 'x'", "req-6")).isEqualTo(
                "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>ValidationError</Code>"
                        + "<Message>Value &apos;a&lt;b&apos; at &apos;x&apos;</Message></Error><RequestId>req-6</RequestId></ErrorResponse>");
        assertThat(ErrorDocument.xml(Models.IAM.xmlNamespace(), "ServiceFailure", "Receiver", "boom", "req-7"))
                .contains("<Type>Receiver</Type><Code>ServiceFailure</Code>");
        assertThat(ErrorDocument.json("NoSuchEntity", "Sender", "The role with name x cannot be found.", "req-8")).isEqualTo(
                "{\"Error\":{\"Code\":\"NoSuchEntity\",\"Message\":\"The role with name x cannot be found.\",\"Type\":\"Sender\"},\"RequestId\":\"req-8\"}");
    }

    @Test
    void invalidXmlCharactersAreReplaced() throws Exception {
        Map<String, Object> role = role("c");
        role.put("Description", "x\u0001y\uD800z");
        Element r = child(child(parse(QueryWriter.xml(Models.IAM, iam("GetRole"), Map.of("Role", role), "r")), "GetRoleResult"), "Role");
        assertThat(text(r, "Description")).isEqualTo("x\uFFFDy\uFFFDz");
    }

    @Test
    void writingWhatTheModelLacksIsAProgrammingError() {
        assertThatThrownBy(() -> QueryWriter.xml(Models.IAM, iam("CreateRole"), Map.of("Rol", role("a")), "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Rol");
        Map<String, Object> bad = role("a");
        bad.put("MaxSessionDuration", "7200");
        assertThatThrownBy(() -> QueryWriter.xml(Models.IAM, iam("CreateRole"), Map.of("Role", bad), "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MaxSessionDuration");
        assertThatThrownBy(() -> QueryWriter.json(Models.IAM, iam("CreateRole"), Map.of("Rol", role("a")), "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Rol");
    }

    @Test
    void aMemberMappedToNullIsLeftOutWithoutError() throws Exception {
        Map<String, Object> role = role("n");
        role.put("Description", null);
        Element r = child(child(parse(QueryWriter.xml(Models.IAM, iam("GetRole"), Map.of("Role", role), "r")),
                "GetRoleResult"), "Role");
        assertThat(r.getElementsByTagName("Description").getLength()).isZero();
        assertThat(QueryWriter.json(Models.IAM, iam("GetRole"), Map.of("Role", role), "r")).doesNotContain("Description");
    }

    static Map<String, Object> assumeRoleResult() {
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("AccessKeyId", "ASIAEXAMPLE");
        creds.put("SecretAccessKey", "secret/+key");
        creds.put("SessionToken", "token&<>");
        creds.put("Expiration", Instant.parse("2026-11-28T05:43:44Z"));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("AssumedRoleId", "AROAEXAMPLE:s1");
        user.put("Arn", "arn:aws:sts::123456789012:assumed-role/demo/s1");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("AssumedRoleUser", user);
        result.put("Credentials", creds);
        result.put("PackedPolicySize", 6);
        return result;
    }

    // ------------------------------------------------------------ DOM helpers

    static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return d.getDocumentElement();
    }

    static List<Node> elements(Element e) {
        List<Node> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                out.add(n);
            }
        }
        return out;
    }

    static List<String> childNames(Element e) {
        return elements(e).stream().map(Node::getLocalName).toList();
    }

    static Element child(Element e, String name) {
        return (Element) elements(e).stream().filter(n -> n.getLocalName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(e.getLocalName() + " has no " + name));
    }

    static String text(Element e, String name) {
        return child(e, name).getTextContent();
    }
}
