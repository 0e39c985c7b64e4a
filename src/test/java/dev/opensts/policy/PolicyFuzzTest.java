package dev.opensts.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated documents: Policy.parse either compiles or throws MalformedPolicyDocumentException (never any
 * other exception), each within a bounded amount of work; whatever compiles also evaluates without throwing.
 *
 * <p>The bound is on the test thread's CPU time, not on elapsed time: a busy or slow machine makes the thread wait
 * (other processes, GC pauses, JIT threads) without adding to it, so only work that runs away (backtracking in a
 * matcher, a parser without a depth limit) can reach a second.
 */
class PolicyFuzzTest {
    private static final long SEED = 20240601L;
    private static final long MAX_CPU_NANOS_PER_DOCUMENT = 1_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final List<String> SEEDS = List.of(
            Fixtures.doc("{'Sid':'A','Effect':'Allow','Action':['s3:Get*','iam:*'],'Resource':'arn:aws:s3:::b/${aws:username}/*',"
                    + "'Condition':{'ForAnyValue:StringLike':{'aws:TagKeys':['a*','b?']},'IpAddress':{'aws:SourceIp':['10.0.0.0/8','2001:db8::/32']},"
                    + "'DateLessThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'},'NumericLessThanEquals':{'s3:max-keys':10},'Null':{'aws:x':'true'}}}"),
            Fixtures.doc("{'Effect':'Allow','Principal':{'AWS':['111122223333','arn:aws:iam::111122223333:role/R'],'Service':'ec2.amazonaws.com'},"
                    + "'Action':'sts:AssumeRole','Condition':{'StringEquals':{'sts:ExternalId':'x'},'BoolIfExists':{'aws:MultiFactorAuthPresent':'true'}}},"
                    + "{'Effect':'Deny','NotPrincipal':{'AWS':'111122223333'},'Action':'sts:*'}"),
            Fixtures.j("{'Statement':{'Effect':'Deny','NotAction':'*','NotResource':['arn:aws:s3:::x','*'],"
                    + "'Condition':{'ArnLike':{'aws:SourceArn':'arn:aws:sns:*:*:t'},'BinaryEquals':{'k:b':'QQ=='}}}}"));

    private static final String ALPHABET = "{}[]\":,*?$ \\/'aAsS0123456789-_.:tfnulreSVEPRCAN\u00e9\u0000\ud83d";

    @Test
    void randomAndMutatedDocumentsOnlyRaiseMalformedPolicyDocument() {
        Random rnd = new Random(SEED);
        RequestContext ctx = Fixtures.req(Fixtures.ALICE, "s3:GetObject", "arn:aws:s3:::b/alice/x")
                .put("aws:TagKeys", "a1", "b2").put("aws:SourceIp", "10.0.0.1")
                .put("aws:CurrentTime", "2025-01-01T00:00:00Z").build();
        int compiled = 0;
        for (int i = 0; i < 20_000; i++) {
            String input = i % 5 == 0 ? randomText(rnd) : mutate(SEEDS.get(rnd.nextInt(SEEDS.size())), rnd);
            PolicyKind kind = PolicyKind.values()[rnd.nextInt(PolicyKind.values().length)];
            long start = cpuNanos();
            try {
                Policy p = Policy.parse(input, kind);
                Evaluator.evaluate(ctx, List.of(new NamedPolicy("fuzz", p)), null, null);
                Evaluator.evaluateWithResourcePolicy(ctx, new NamedPolicy("fuzz", p), "111122223333", List.of(),
                        null, null);
                compiled++;
            } catch (MalformedPolicyDocumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | StackOverflowError other) {
                fail("unexpected " + other + " for input: " + input, other);
            }
            long work = cpuNanos() - start;
            assertThat(work).as("CPU time for input %s", input).isLessThan(MAX_CPU_NANOS_PER_DOCUMENT);
        }
        assertThat(compiled).as("some mutants still compile").isPositive();
    }

    @Test
    void deeplyNestedAndHugeInputsAreRejectedQuickly() {
        String deep = "[".repeat(100_000);
        String wide = "{\"Statement\":[" + "{},".repeat(50_000) + "{}]}";
        for (String input : List.of(deep, wide, "{\"Version\":\"" + "9".repeat(1_000_000) + "\"}")) {
            long start = cpuNanos();
            try {
                Policy.parse(input, PolicyKind.MANAGED);
                fail("accepted");
            } catch (MalformedPolicyDocumentException expected) {
                // the size check (before any parsing) or the parser's nesting limit rejects it
                assertThat(expected.getMessage()).isIn("Syntax errors in policy.", "Policy document length "
                        + Policy.size(input) + " exceeds the limit of 131072 characters");
            }
            assertThat(cpuNanos() - start).isLessThan(2 * MAX_CPU_NANOS_PER_DOCUMENT);
        }
    }

    /** CPU time of this thread so far (HotSpot on Linux, macOS and Windows measures it). */
    private static long cpuNanos() {
        assertThat(THREADS.isCurrentThreadCpuTimeSupported()).as("thread CPU time measurable").isTrue();
        return THREADS.getCurrentThreadCpuTime();
    }

    private static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(200);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String mutate(String doc, Random rnd) {
        StringBuilder sb = new StringBuilder(doc);
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && !sb.isEmpty(); e++) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(5)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 2 -> sb.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
                case 3 -> {
                    int end = Math.min(sb.length(), at + rnd.nextInt(40));
                    sb.insert(rnd.nextInt(sb.length()), sb.substring(at, end));
                }
                default -> {
                    int end = Math.min(sb.length(), at + rnd.nextInt(20));
                    sb.delete(at, end);
                }
            }
        }
        return sb.toString();
    }
}
