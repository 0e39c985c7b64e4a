/**
 * Adapter: the EKS API's Pod Identity association operations on the wire (rest-json, as the AWS CLI and the SDKs'
 * EksClient call them): {@link dev.opensts.adapter.http.eks.EksActions} turns each operation's decoded input into
 * the use case's request ({@link dev.opensts.app.eks.PodIdentityAssociations}) and its result into EKS's JSON.
 * Translation only.
 *
 * <p>May import: the application layer, the core, {@code adapter.http.restjson}, Mutiny, Jackson.
 */
package dev.opensts.adapter.http.eks;
