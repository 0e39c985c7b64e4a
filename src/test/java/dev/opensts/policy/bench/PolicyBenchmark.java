package dev.opensts.policy.bench;

import dev.opensts.policy.Decision;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.NamedPolicy;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.policy.PrincipalInfo;
import dev.opensts.policy.PrincipalType;
import dev.opensts.policy.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Per-decision cost of the policy engine. Run with {@link #main} (see its comment for the command).
 * Targets: trust policy decision &lt;= 2 us; ~10 KiB permission policy &lt;= 20 us.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PolicyBenchmark {
    private static final String ACCT = "111122223333";

    private NamedPolicy trust;
    private List<NamedPolicy> callerIdentity;
    private RequestContext assume;

    private List<NamedPolicy> large;
    private RequestContext largeRequest;

    private List<NamedPolicy> pathological;
    private RequestContext pathologicalRequest;

    @Setup
    public void setup() {
        trust = new NamedPolicy("role/Target trust", Policy.parse(q("""
                {'Version':'2012-10-17','Statement':[
                 {'Sid':'Ci','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::444455556666:role/Deployer'},
                  'Action':'sts:AssumeRole','Condition':{'StringEquals':{'sts:ExternalId':'ext-123'}}},
                 {'Sid':'Ec2','Effect':'Allow','Principal':{'Service':'ec2.amazonaws.com'},'Action':'sts:AssumeRole'},
                 {'Sid':'NoHttp','Effect':'Deny','Principal':'*','Action':'sts:*',
                  'Condition':{'Bool':{'aws:SecureTransport':'false'}}}]}"""), PolicyKind.TRUST));
        callerIdentity = List.of(new NamedPolicy("role/Deployer inline", Policy.parse(q("""
                {'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'sts:AssumeRole',
                 'Resource':'arn:aws:iam::111122223333:role/*'}}"""), PolicyKind.ROLE_INLINE)));
        PrincipalInfo deployer = new PrincipalInfo("arn:aws:sts::444455556666:assumed-role/Deployer/ci",
                "arn:aws:iam::444455556666:role/Deployer", "444455556666",
                PrincipalType.ASSUMED_ROLE, "AROADEPLOYER:ci", null, Map.of());
        assume = RequestContext.builder().principal(deployer).action("sts:AssumeRole")
                .resource("arn:aws:iam::111122223333:role/Target").put("sts:ExternalId", "ext-123")
                .put("aws:SecureTransport", "true").build();

        StringBuilder sb = new StringBuilder("{'Version':'2012-10-17','Statement':[");
        int i = 0;
        while (sb.length() < 9_800) {
            sb.append(i == 0 ? "" : ",").append("{'Sid':'S").append(i).append("','Effect':'Allow','Action':['s3:Get*','s3:List")
                    .append(i).append("','dynamodb:Query'],'Resource':['arn:aws:s3:::bucket-").append(i)
                    .append("/home/${aws:username}/*','arn:aws:dynamodb:us-east-1:111122223333:table/t")
                    .append(i).append("'],'Condition':{'StringEquals':{'aws:PrincipalTag/team':'team")
                    .append(i).append("'},'IpAddress':{'aws:SourceIp':['10.0.0.0/8','192.168.").append(i % 250)
                    .append(".0/24']}}}");
            i++;
        }
        sb.append(",{'Sid':'Last','Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::data/*'}]}");
        Policy big = Policy.parse(q(sb.toString()), PolicyKind.ROLE_INLINE);
        large = List.of(new NamedPolicy("role/App inline Big", big));
        PrincipalInfo alice = new PrincipalInfo("arn:aws:iam::111122223333:user/alice", ACCT, PrincipalType.USER,
                "AIDAALICE", "alice", Map.of("team", "blue"));
        largeRequest = RequestContext.builder().principal(alice).action("s3:GetObject")
                .resource("arn:aws:s3:::data/reports/2024/q1.csv").put("aws:SourceIp", "10.1.2.3").build();

        pathological = List.of(new NamedPolicy("p", Policy.parse(q("""
                {'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',
                 'Resource':'arn:aws:s3:::a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b',
                 'Condition':{'StringLike':{'s3:prefix':'*a?a*a?a*a?a*a?a*a?a*a?a*a?a*a?a*c*b'}}}}"""),
                PolicyKind.MANAGED)));
        String as = "a".repeat(1000) + "b"; // every anchor fits; each middle chunk is found, 'c' never is
        pathologicalRequest = RequestContext.builder().principal(alice).action("s3:GetObject")
                .resource("arn:aws:s3:::" + as).put("s3:prefix", as).build();
        if (!Evaluator.evaluateWithResourcePolicy(assume, trust, ACCT, callerIdentity, null, null).allowed()
                || !Evaluator.evaluate(largeRequest, large, null, null).allowed()) {
            throw new IllegalStateException("benchmark fixtures must allow");
        }
    }

    private static String q(String s) {
        return s.replace('\'', '"');
    }

    @Benchmark
    public Decision trustPolicyDecision() {
        return Evaluator.evaluateWithResourcePolicy(assume, trust, ACCT, callerIdentity, null, null);
    }

    @Benchmark
    public Decision largePermissionPolicyDecision() {
        return Evaluator.evaluate(largeRequest, large, null, null);
    }

    @Benchmark
    public Decision pathologicalWildcards() {
        return Evaluator.evaluate(pathologicalRequest, pathological, null, null);
    }

    @Benchmark
    public Policy parseTrustPolicy() {
        return Policy.parse(q("""
                {'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'444455556666'},
                 'Action':'sts:AssumeRole','Condition':{'StringEquals':{'sts:ExternalId':'x'}}}]}"""), PolicyKind.TRUST);
    }

    /**
     * Runs the benchmarks in a forked JVM: after {@code mvn -o test-compile},
     * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.opensts.policy.bench.PolicyBenchmark}
     * where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}.
     * Needs JMH's generated code, i.e. annotation processing during test-compile.
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PolicyBenchmark.class.getSimpleName())
                .jvmArgsAppend("-Xmx1g").build()).run();
    }
}
