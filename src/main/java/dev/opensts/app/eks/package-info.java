/**
 * Use-case layer: EKS Pod Identity. {@link dev.opensts.app.eks.PodIdentityAssociations} manages the associations of
 * a cluster's service accounts with IAM roles (EKS's CreatePodIdentityAssociation family, each action authorized
 * with its {@code eks:} action); {@link dev.opensts.app.eks.ContainerCredentials} gives a pod the credentials of its
 * service account's role for its projected service-account token, the container-credentials endpoint that every
 * AWS SDK calls. A cluster, in open-sts, is an OpenID Connect provider of the account tagged with its name
 * ({@link dev.opensts.app.eks.Clusters}); docs/workload-identity.md.
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.eks;
