package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.adapter.http.iam.IamActions;
import dev.opensts.adapter.http.query.ServiceModel;
import dev.opensts.adapter.http.sts.StsActions;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.iam.OidcProviders;
import dev.opensts.app.iam.Policies;
import dev.opensts.app.iam.Roles;
import dev.opensts.app.iam.Users;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.app.sts.Sts;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.sigv4.ExpectedScope;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/** Mounts the Query-protocol endpoint on "/" of Quarkus's Vert.x router, for POST and GET. */
@Singleton
public class QueryRoutes {
    private static final Logger LOG = Logger.getLogger(QueryRoutes.class);

    private final QueryEndpoint endpoint;

    QueryRoutes(OpenStsConfig config, Authenticator authenticator, Sts sts, RevokeSessions revokeSessions,
                Roles roles, Users users, Policies policies, OidcProviders oidcProviders,
                dev.opensts.app.trail.AccessKeyUsage accessKeyUsage, BodyBudget budget, Trail trail,
                dev.opensts.app.iam.PolicyVersions policyVersions,
                dev.opensts.app.iam.InstanceProfiles instanceProfiles,
                dev.opensts.app.iam.Groups groups, dev.opensts.app.iam.PolicyEntities policyEntities,
                dev.opensts.app.iam.MfaDevices mfaDevices,
                dev.opensts.app.sts.Federation federation,
                dev.opensts.app.sts.DecodeAuthorizationMessage decodeAuthorizationMessage,
                dev.opensts.app.auth.AuthorizationMessages authorizationMessages,
                dev.opensts.app.iam.LoginProfiles loginProfiles, dev.opensts.app.iam.AccountSettings accountSettings,
                dev.opensts.app.iam.AccountOverview accountOverview,
                dev.opensts.app.iam.ServiceAccess serviceAccess, dev.opensts.app.iam.Simulator simulator) {
        ServiceModel iam = load("/aws-models/iam/service-2.json");
        ServiceModel stsModel = loadMerged("/aws-models/sts/service-2.json", "/aws-models/opensts/sts-extensions.json");
        var stsActions = new StsActions(sts, revokeSessions);
        var stsHandlers = new java.util.HashMap<>(stsActions.all());
        stsHandlers.putAll(new dev.opensts.adapter.http.sts.FederationActions(federation,
                decodeAuthorizationMessage).all());
        var services = Map.of(
                // IAM is global: AWS's SDKs sign it for us-east-1 (or "aws-global", the SDKs' name for the global
                // endpoint, when a client with that region is pointed at another endpoint); STS serves the regions
                // this deployment names
                iam.apiVersion(), new QueryEndpoint.Service(iam, IamActions.all(roles, users, policies, oidcProviders,
                        accessKeyUsage, policyVersions, instanceProfiles, groups, policyEntities, mfaDevices,
                        loginProfiles, accountSettings, accountOverview, serviceAccess,
                        simulator),
                        new ExpectedScope("iam", Set.of(US_EAST_1, AWS_GLOBAL)), AuditRecord.Service.iam),
                stsModel.apiVersion(), new QueryEndpoint.Service(stsModel, Map.copyOf(stsHandlers), stsActions.unsigned(),
                        new QueryEndpoint.RejectionAudit() {
                            @Override
                            public void rejected(String action, dev.opensts.app.Caller caller, String requestId,
                                                 Map<String, java.util.List<String>> params, AwsException error) {
                                stsActions.rejected(action, caller, requestId, params, error);
                            }

                            @Override
                            public void rejected(String action, dev.opensts.app.sts.Origin origin, String requestId,
                                                 Map<String, java.util.List<String>> params, AwsException error) {
                                stsActions.rejected(action, origin, requestId, params, error);
                            }
                        },
                        new ExpectedScope("sts", stsRegions(config.regions())), AuditRecord.Service.sts,
                        // the issuing actions record themselves, with what they issued (app/sts/Sts); RevokeSessions
                        // is open-sts's own
                        Set.of("AssumeRole", "GetSessionToken", "AssumeRoleWithWebIdentity", "GetFederationToken")));
        this.endpoint = new QueryEndpoint(services, authenticator, budget, trail, authorizationMessages);
    }

    private static final String US_EAST_1 = "us-east-1";
    private static final String AWS_GLOBAL = "aws-global";

    /** The regions STS requests may be signed for: the configured ones, and aws-global where us-east-1 is one. */
    static Set<String> stsRegions(java.util.List<String> configured) {
        var regions = new java.util.HashSet<String>();
        for (String r : configured) {
            if (!r.isBlank()) {
                regions.add(r.trim());
            }
        }
        if (regions.contains(US_EAST_1)) {
            regions.add(AWS_GLOBAL);
        }
        return Set.copyOf(regions);
    }

    /**
     * The base model with an extension merged in: the extension's "operations" and "shapes" are added
     * to (and override) the base's, then the merged JSON is loaded like any botocore model.
     */
    static ServiceModel loadMerged(String base, String extension) {
        try (InputStream b = QueryRoutes.class.getResourceAsStream(base);
             InputStream x = QueryRoutes.class.getResourceAsStream(extension)) {
            if (b == null || x == null) {
                throw new IllegalStateException("missing " + (b == null ? base : extension));
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode merged = (ObjectNode) json.readTree(b);
            JsonNode ext = json.readTree(x);
            for (String section : new String[]{"operations", "shapes"}) {
                ((ObjectNode) merged.get(section)).setAll((ObjectNode) ext.get(section));
            }
            return ServiceModel.load(new java.io.ByteArrayInputStream(json.writeValueAsBytes(merged)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceModel load(String resource) {
        try (InputStream in = QueryRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return ServiceModel.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void mount(@Observes Router router) {
        for (HttpMethod method : new HttpMethod[]{HttpMethod.POST, HttpMethod.GET}) {
            router.route(method, "/")
                    .handler(endpoint::collect)
                    .failureHandler(ctx -> {
                        String rid = RequestIds.next();
                        Throwable failure = ctx.statusCode() == 413
                                ? new AwsException(ErrorCode.RequestEntityTooLarge,
                                "The request body exceeds the limit of " + QueryEndpoint.MAX_BODY + " bytes.")
                                : ctx.failure() != null ? ctx.failure()
                                : new AwsException(ErrorCode.MalformedQueryString, "The request is not well formed.");
                        endpoint.error(ctx, null, null, failure, rid, false);
                    });
        }
    }
}
