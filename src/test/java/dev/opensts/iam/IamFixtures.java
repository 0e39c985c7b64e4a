package dev.opensts.iam;

import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared values for the IAM tests: an account, a clock reading, and valid and invalid documents. */
public final class IamFixtures {
    public static final String ACCOUNT = "123456789012";
    public static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    public static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
    public static final String TRUST_2 = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    public static final String PERMISSIONS = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
    /** Effect must be Allow or Deny. */
    public static final String MALFORMED = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Perhaps","Action":"s3:GetObject","Resource":"*"}]}""";

    private IamFixtures() {
    }

    public static String managedArn(int i) {
        return "arn:aws:iam::" + ACCOUNT + ":policy/p" + i;
    }

    public static List<Tag> tags(int n) {
        var result = new ArrayList<Tag>(n);
        for (int i = 0; i < n; i++) {
            result.add(new Tag("k" + i, "v" + i));
        }
        return result;
    }

    /** The message the policy engine gives for a document, which the deciders pass on unchanged. */
    public static String parserMessage(String document, PolicyKind kind) {
        try {
            Policy.parse(document, kind);
        } catch (MalformedPolicyDocumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("document parses as " + kind + ": " + document);
    }
}
