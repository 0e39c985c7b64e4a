package dev.opensts.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opensts.adapter.http.iam.IamActions;
import dev.opensts.adapter.http.sts.FederationActions;
import dev.opensts.adapter.http.sts.StsActions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md names every action the Query endpoint serves, each in its service's section: the handlers are
 * registered without their use cases (nothing is called), and each action name must appear there as a word.
 */
class ApiDocTest {

    static String section(String doc, String heading) {
        int start = doc.indexOf("\n" + heading + "\n");
        assertThat(start).as("docs/api.md has the section %s", heading).isNotNegative();
        int end = doc.indexOf("\n## ", start + heading.length() + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    static Set<String> missing(Set<String> actions, String text) {
        var out = new TreeSet<String>();
        for (String a : actions) {
            if (!Pattern.compile("\\b" + a + "\\b").matcher(text).find()) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void everyIamActionServedIsInTheIamSection() throws Exception {
        String doc = Files.readString(Path.of("docs/api.md"));
        Set<String> served = IamActions.all(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null).keySet();
        assertThat(served).hasSizeGreaterThan(100).contains("CreateUser", "EnableMFADevice", "CreateLoginProfile",
                "CreatePolicyVersion", "SimulatePrincipalPolicy", "GetContextKeysForCustomPolicy");
        assertThat(missing(served, section(doc, "## IAM (Version 2010-05-08)"))).isEmpty();
    }

    @Test
    void everyStsActionServedIsInTheStsSection() throws Exception {
        String doc = Files.readString(Path.of("docs/api.md"));
        var served = new TreeSet<String>();
        StsActions sts = new StsActions(null, null);
        served.addAll(sts.all().keySet());
        served.addAll(sts.unsigned().keySet());
        served.addAll(new FederationActions(null, null).all().keySet());
        assertThat(served).contains("AssumeRole", "AssumeRoleWithWebIdentity", "GetFederationToken",
                "DecodeAuthorizationMessage", "GetSessionToken", "GetCallerIdentity", "GetAccessKeyInfo");
        assertThat(missing(served, section(doc, "## STS (Version 2011-06-15)"))).isEmpty();
    }

    @Test
    void theCheckCanFail() {
        assertThat(missing(Set.of("CreateUser", "DeleteUser"), "| users | CreateUser, GetUser |"))
                .containsExactly("DeleteUser");
        assertThat(missing(Set.of("GetUser"), "GetUserPolicy")).containsExactly("GetUser");
    }
}
